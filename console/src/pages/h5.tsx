import { useEffect, useState } from 'preact/hooks';
import { hostAllowed } from '../../../src/platform/domains';
import { call } from '../api';
import { CopyField } from '../components/CopyField';
import { Field, FormError } from '../components/Field';
import { Alert } from '../components/Toast';
import type { Output } from '../contract';
import { useForm } from '../form';
import { t } from '../i18n';
import { href } from '../router';
import type { PageProps } from './types';

/**
 * H5 helpers for the account's web pages: the web-OAuth link to put behind a menu button or a
 * link (our /wxplatform/webauth, which sends the follower to WeChat and back to the page with the
 * openid), and a JSSDK signature tester. Both accept only pages on the account's allowed domains
 * (the same pure check the API runs, src/platform/domains.ts, so the answer is known before asking).
 */
type Scope = 'snsapi_base' | 'snsapi_userinfo';

export const H5Page = ({ account }: PageProps) => {
  const appid = account!.appid;
  const [domains, setDomains] = useState<string[]>();
  const [loadError, setLoadError] = useState<string>();

  useEffect(() => {
    setDomains(undefined);
    call('accounts.detail', { appid }).then(({ account }) => setDomains(account.domains), (e: Error) => setLoadError(e.message));
  }, [appid]);

  if (loadError) return <Alert kind="error">{loadError}</Alert>;
  if (!domains) return <p class="loading">{t('common.loading')}</p>;
  return (
    <div class="page page--narrow">
      <h1>{t('h5.title')}</h1>
      <p class="muted">
        {domains.length ? t('h5.domains', { domains: domains.join('、') }) : t('h5.noDomains')} <a href={href('/settings', { appid })}>{t('h5.editDomains')}</a>
      </p>
      <OauthLink appid={appid} domains={domains} />
      <JssdkTester appid={appid} domains={domains} />
    </div>
  );
};

const OauthLink = ({ appid, domains }: { appid: string; domains: string[] }) => {
  const form = useForm({ scope: 'snsapi_base' as Scope, redirect: '' });
  const [link, setLink] = useState<string>();
  const submit = form.submit(async () => {
    const redirect = form.values.redirect.trim();
    setLink(undefined);
    if (!/^https?:\/\/\S+$/i.test(redirect)) return form.setErrors({ redirect: t('err.url') });
    if (!hostAllowed(redirect, domains)) return form.setErrors({ redirect: t('h5.notAllowed') });
    const query = new URLSearchParams({ appid, scope: form.values.scope, redirect });
    setLink(`${window.location.origin}/wxplatform/webauth?${query}`);
  });
  return (
    <section class="card" aria-labelledby="h5-oauth">
      <h2 id="h5-oauth">{t('h5.oauth')}</h2>
      <p class="muted small">{t('h5.oauthIntro')}</p>
      <form onSubmit={submit} noValidate>
        <FormError error={form.errors['_form']} />
        <fieldset>
          <legend>{t('h5.scope')}</legend>
          <div class="radios radios--stacked">
            {(['snsapi_base', 'snsapi_userinfo'] as const).map((s) => (
              <label key={s}>
                <input type="radio" name="scope" value={s} checked={form.values.scope === s} onChange={() => form.set('scope', s)} />
                <span>
                  <code>{s}</code> {t(`h5.scope.${s}`)}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field type="url" inputMode="url" label={t('h5.redirect')} name="redirect" placeholder="https://shop.example.com/page" value={form.values.redirect} onValue={(v) => form.set('redirect', v)} error={form.errors['redirect']} hint={t('h5.redirectHint')} />
        <button type="submit" class="button button--primary">
          {t('h5.build')}
        </button>
      </form>
      {link && (
        <div class="result">
          <CopyField label={t('h5.link')} value={link} hint={t('h5.linkHint')} />
        </div>
      )}
    </section>
  );
};

const JssdkTester = ({ appid, domains }: { appid: string; domains: string[] }) => {
  const form = useForm({ url: '' });
  const [answer, setAnswer] = useState<Output<'platform.jsticket'>>();
  const submit = form.submit(async () => {
    const url = form.values.url.trim();
    setAnswer(undefined);
    if (!/^https?:\/\/\S+$/i.test(url)) return form.setErrors({ url: t('err.url') });
    if (domains.length && !hostAllowed(url, domains)) return form.setErrors({ url: t('h5.notAllowed') });
    setAnswer(await call('platform.jsticket', { appid, url }));
  });
  return (
    <section class="card" aria-labelledby="h5-jssdk">
      <h2 id="h5-jssdk">{t('h5.jssdk')}</h2>
      <p class="muted small">{t('h5.jssdkIntro')}</p>
      <form onSubmit={submit} noValidate>
        <FormError error={form.errors['_form']} />
        <Field type="url" inputMode="url" label={t('h5.pageUrl')} name="url" placeholder="https://shop.example.com/page?id=1" value={form.values.url} onValue={(v) => form.set('url', v)} error={form.errors['url']} hint={t('h5.pageUrlHint')} />
        <button type="submit" class="button button--primary" disabled={form.busy}>
          {t('h5.sign')}
        </button>
      </form>
      {answer && (
        <div class="jssdk-answer">
          <h3>{t('h5.config')}</h3>
          <pre aria-label={t('h5.config')} tabIndex={0}>
            {`wx.config(${JSON.stringify({ debug: false, appId: answer.appid, timestamp: answer.timestamp, nonceStr: answer.nonceStr, signature: answer.signature, jsApiList: [] }, null, 2)});`}
          </pre>
        </div>
      )}
    </section>
  );
};
