import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import type { AccountDetail } from '../contract';
import { CopyField } from '../components/CopyField';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import type { PageProps } from './types';

/** Account settings: status, connection, the callback URL to paste into WeChat, allowed web domains. */
export const SettingsPage = ({ account }: PageProps) => {
  const [detail, setDetail] = useState<AccountDetail>();
  const [loadError, setLoadError] = useState<string>();
  const form = useForm({ domains: '' });
  const appid = account!.appid;

  useEffect(() => {
    setDetail(undefined);
    call('accounts.detail', { appid })
      .then(({ account }) => {
        setDetail(account);
        form.setValues({ domains: account.domains.join('\n') });
      })
      .catch((e: Error) => setLoadError(e.message));
  }, [appid]);

  const save = form.submit(async () => {
    const domains = form.values.domains.split(/[\s,]+/).map((d) => d.trim()).filter(Boolean);
    const answer = await call('accounts.updateSettings', { appid, domains });
    form.setValues({ domains: answer.domains.join('\n') });
    toast(t('settings.saved'));
  });

  if (loadError) return <Alert kind="error">{loadError}</Alert>;
  if (!detail) return <p class="loading">{t('common.loading')}</p>;
  return (
    <div class="page page--narrow">
      <h1>{t('settings.title')}</h1>
      <section class="card">
        {/* Without a nickname (a directly bound account) the AppID just below names it: not twice. */}
        <h2>{detail.nickname || t('settings.account')}</h2>
        <dl class="facts">
          <dt>AppID</dt>
          <dd>
            <code>{detail.appid}</code>
          </dd>
          <dt>{t('settings.mode')}</dt>
          <dd>{t(`mode.${detail.mode}`)}</dd>
          <dt>{t('settings.status')}</dt>
          <dd>
            <span class={`badge badge--${detail.status}`}>{t(`status.${detail.status}`)}</span>
            {detail.refreshError && (
              <span class="badge badge--warning">
                {t('status.refreshError', { errcode: detail.refreshError.errcode, errmsg: detail.refreshError.errmsg, at: new Date(detail.refreshError.at).toLocaleString() })}
              </span>
            )}
          </dd>
        </dl>
      </section>
      <section class="card">
        <h2>{t('settings.serverConfig')}</h2>
        {detail.callbackUrl ? <CopyField label={t('settings.callbackUrl')} value={detail.callbackUrl} hint={t('settings.callbackHint')} /> : <p class="muted">{t('settings.componentCallback')}</p>}
      </section>
      <section class="card">
        <h2>{t('settings.features')}</h2>
        <form onSubmit={save} noValidate>
          <FormError error={form.errors['_form']} />
          <Field kind="textarea" rows={4} label={t('settings.domains')} name="domains" hint={t('settings.domainsHint')} value={form.values.domains} onValue={(v) => form.set('domains', v)} error={form.errors['domains']} />
          <button type="submit" class="button button--primary" disabled={form.busy}>
            {t('common.save')}
          </button>
        </form>
      </section>
    </div>
  );
};
