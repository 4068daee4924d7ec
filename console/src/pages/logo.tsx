import { useId, useRef, useState } from 'preact/hooks';
import { FormError } from '../components/Field';
import { toast } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import { useLogo } from '../logo';
import { uploadTo } from '../upload';
import type { PageProps } from './types';

/** The user's logo (PNG or JPEG, ≤ 2 MB), shown in the header once uploaded. */
export const LogoPage = ({ profile, reloadProfile }: PageProps) => {
  const fileId = useId();
  const progressId = useId();
  const input = useRef<HTMLInputElement>(null);
  const form = useForm({ logoFile: '' });
  const [progress, setProgress] = useState<number>();
  const current = useLogo(profile?.user.logoUrl);

  const submit = form.submit(async () => {
    const file = input.current?.files?.[0];
    if (!file) return form.setErrors({ logoFile: t('materials.fileRequired') });
    const body = new FormData();
    body.set('logoFile', file, file.name);
    setProgress(0);
    try {
      await uploadTo('materials.uploadLogo', body, setProgress);
    } finally {
      setProgress(undefined);
    }
    toast(t('logo.saved'));
    if (input.current) input.current.value = '';
    form.setValues({ logoFile: '' });
    await reloadProfile();
  });

  const percent = Math.round((progress ?? 0) * 100);
  return (
    <div class="page page--narrow">
      <h1>{t('logo.title')}</h1>
      <section class="card logo-card">
        <h2>{t('logo.current')}</h2>
        {current ? <img class="logo-card__image" src={current} alt={t('logo.alt')} width={96} height={96} /> : <p class="muted">{t('logo.none')}</p>}
      </section>
      <section class="card">
        <h2>{t('logo.upload')}</h2>
        <form onSubmit={submit} noValidate>
          <FormError error={form.errors['_form']} />
          <div class={`field${form.errors['logoFile'] ? ' field--error' : ''}`}>
            <label for={fileId}>{t('logo.file')}</label>
            <input
              id={fileId}
              ref={input}
              type="file"
              name="logoFile"
              accept="image/png,image/jpeg"
              aria-invalid={form.errors['logoFile'] ? true : undefined}
              aria-describedby={`${fileId}-hint${form.errors['logoFile'] ? ` ${fileId}-error` : ''}`}
              onChange={() => form.set('logoFile', input.current?.files?.[0]?.name ?? '')}
            />
            <p class="field__hint" id={`${fileId}-hint`}>
              {t('logo.hint')}
            </p>
            {form.errors['logoFile'] && (
              <p class="field__error" id={`${fileId}-error`} role="alert">
                {form.errors['logoFile']}
              </p>
            )}
          </div>
          <div class="actions">
            <button type="submit" class="button button--primary" disabled={form.busy}>
              {t('logo.submit')}
            </button>
            {progress !== undefined && (
              <span class="progress">
                <label for={progressId}>{t('materials.progress')}</label>
                <progress id={progressId} max={100} value={percent}>
                  {percent}%
                </progress>
              </span>
            )}
          </div>
        </form>
      </section>
    </div>
  );
};
