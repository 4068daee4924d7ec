import { useId, useState } from 'preact/hooks';
import { t } from '../i18n';

/** A read-only value with a copy button (the callback URL, links to paste elsewhere). */
export const CopyField = (props: { label: string; value: string; hint?: string }) => {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
    } catch {
      // No clipboard permission (e.g. plain http): select the text so Ctrl-C works.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <div class="copy">
        <input id={id} readOnly value={props.value} aria-describedby={props.hint ? `${id}-hint` : undefined} onFocus={(e) => (e.target as HTMLInputElement).select()} />
        <button type="button" class="button button--ghost" onClick={copy} aria-label={`${t('common.copy')} ${props.label}`}>
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
};
