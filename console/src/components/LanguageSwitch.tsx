import { useId } from 'preact/hooks';
import { language, languages, setLanguage, t, type Language } from '../i18n';

/** The language choice, a labelled select (remembered in localStorage by i18n). */
export const LanguageSwitch = () => {
  const id = useId();
  return (
    <span class="lang">
      <label for={id}>{t('lang.label')}</label>
      <select id={id} value={language()} onChange={(e) => setLanguage((e.target as HTMLSelectElement).value as Language)}>
        {languages.map((l) => (
          <option value={l} key={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </span>
  );
};
