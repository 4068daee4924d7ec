import { useState } from 'preact/hooks';
import { call } from '../api';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import { navigate } from '../router';
import { BindDirectInput } from '../../../src/accounts/inputs';
import type { PageProps } from './types';

/**
 * Authorization: WeChat's third-party authorization (desktop: the QR page; phones: the link WeChat
 * opens in-app), or direct binding with the account's own appid, appsecret, token and key.
 * The form checks what it can before the API does (the API checks again and names the field).
 */

const isPhone = (): boolean => window.matchMedia('(max-width: 640px), (pointer: coarse)').matches;

export const AuthorizePage = ({ reloadProfile }: PageProps) => {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useForm({ appid: '', appsecret: '', token: '', encodingAESKey: '', encryptMode: '', originalId: '', nickname: '' });
  const phone = isPhone();

  const goToWechat = async (which: 'authUrl' | 'mobileAuthUrl') => {
    setBusy(true);
    setError(undefined);
    try {
      const urls = await call('component.authUrl', {});
      window.location.assign(urls[which]);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  const bind = form.submit(async () => {
    const { encodingAESKey, encryptMode, originalId, nickname, ...rest } = form.values;
    const mode = (['plain', 'compatible', 'safe'] as const).find((m) => m === encryptMode);
    const input = {
      ...rest,
      ...(encodingAESKey ? { encodingAESKey } : {}),
      ...(mode ? { encryptMode: mode } : {}),
      ...(originalId ? { originalId } : {}),
      ...(nickname.trim() ? { nickname: nickname.trim() } : {}),
    };
    if (!form.check(BindDirectInput, input)) return;
    const answer = await call('accounts.bindDirect', input);
    toast(t('authorize.done', { appid: answer.account.appid }));
    await reloadProfile();
    navigate('/settings', { appid: answer.account.appid });
  });

  const primary = phone ? 'mobileAuthUrl' : 'authUrl';
  const secondary = phone ? 'authUrl' : 'mobileAuthUrl';
  return (
    <div class="page page--narrow">
      <h1>{t('authorize.title')}</h1>
      <p>{t('authorize.intro')}</p>
      <section class="card" aria-labelledby="component-title">
        <h2 id="component-title">{t('authorize.component')}</h2>
        <p class="muted">{t('authorize.componentHint')}</p>
        {error && <Alert kind="error">{error}</Alert>}
        <div class="actions">
          <button type="button" class="button button--primary" disabled={busy} onClick={() => goToWechat(primary)}>
            {t(primary === 'authUrl' ? 'authorize.componentDesktop' : 'authorize.componentMobile')}
          </button>
          <button type="button" class="button button--ghost" disabled={busy} onClick={() => goToWechat(secondary)}>
            {t(secondary === 'authUrl' ? 'authorize.componentDesktop' : 'authorize.componentMobile')}
          </button>
        </div>
      </section>
      <section class="card" aria-labelledby="direct-title">
        <h2 id="direct-title">{t('authorize.direct')}</h2>
        <p class="muted">{t('authorize.directHint')}</p>
        <form onSubmit={bind} noValidate>
          <FormError error={form.errors['_form']} />
          <Field label={t('authorize.appid')} name="appid" autoComplete="off" spellcheck={false} value={form.values.appid} onValue={(v) => form.set('appid', v.trim())} error={form.errors['appid']} />
          <Field label={t('authorize.appsecret')} name="appsecret" type="password" autoComplete="off" value={form.values.appsecret} onValue={(v) => form.set('appsecret', v.trim())} error={form.errors['appsecret']} />
          <Field label={t('authorize.token')} name="token" autoComplete="off" spellcheck={false} value={form.values.token} onValue={(v) => form.set('token', v.trim())} error={form.errors['token']} />
          <Field label={`${t('authorize.aesKey')}${t('common.optional')}`} name="encodingAESKey" autoComplete="off" spellcheck={false} value={form.values.encodingAESKey} onValue={(v) => form.set('encodingAESKey', v.trim())} error={form.errors['encodingAESKey']} />
          <Field kind="select" label={`${t('authorize.encryptMode')}${t('common.optional')}`} name="encryptMode" value={form.values.encryptMode} onValue={(v) => form.set('encryptMode', v)} error={form.errors['encryptMode']} hint={t('authorize.encryptModeHint')}>
            <option value="">{t('authorize.encryptModeUnsaid')}</option>
            <option value="plain">{t('authorize.encryptModePlain')}</option>
            <option value="compatible">{t('authorize.encryptModeCompatible')}</option>
            <option value="safe">{t('authorize.encryptModeSafe')}</option>
          </Field>
          <Field label={`${t('authorize.originalId')}${t('common.optional')}`} name="originalId" autoComplete="off" spellcheck={false} value={form.values.originalId} onValue={(v) => form.set('originalId', v.trim())} error={form.errors['originalId']} hint={t('authorize.originalIdHint')} />
          <Field label={`${t('authorize.nickname')}${t('common.optional')}`} name="nickname" value={form.values.nickname} onValue={(v) => form.set('nickname', v)} error={form.errors['nickname']} />
          <button type="submit" class="button button--primary" disabled={form.busy}>
            {t('authorize.bind')}
          </button>
        </form>
      </section>
    </div>
  );
};
