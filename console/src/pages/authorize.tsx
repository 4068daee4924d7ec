import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { qrPng } from '../qr-image';
import { LinkWaiting } from './authorize-waiting';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import { navigate } from '../router';
import { BindDirectInput } from '../../../src/accounts/inputs';
import type { PageProps } from './types';

/**
 * Authorization: WeChat's third-party authorization (a computer: WeChat's QR page, and back here, or
 * the mobile link shown HERE as a QR code, so it completes in this console's session: the phone
 * shows a code to type below; a phone: the mobile link in this tab, which comes back here), or direct binding with the account's own appid, appsecret,
 * token and key. `?waiting=<state>`: an authorization of this session that is not done yet.
 * The form checks what it can before the API does (the API checks again and names the field).
 */
const isPhone = (): boolean => window.matchMedia('(max-width: 640px), (pointer: coarse)').matches;

export const AuthorizePage = ({ reloadProfile, params }: PageProps) => {
  const phone = isPhone();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [qr, setQr] = useState<string>();
  const [transfer, setTransfer] = useState<string>();
  const form = useForm({ appid: '', appsecret: '', token: '', encodingAESKey: '', encryptMode: '', originalId: '', nickname: '' });
  const waiting = params.get('waiting') ?? undefined;

  useEffect(() => () => qr && URL.revokeObjectURL(qr), [qr]);

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

  const showPhoneQr = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const urls = await call('component.authUrl', {});
      setQr(URL.createObjectURL(await qrPng(urls.mobileAuthUrl)));
      navigate('/authorize', { waiting: urls.state }, { replace: true });
    } catch (e) {
      setError((e as Error).message);
    } finally {
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
    if (answer.transfer) {
      setTransfer(t('authorize.transferPending', { at: new Date(answer.transfer.dueAt).toLocaleString() }));
      return;
    }
    toast(t('authorize.done', { appid: answer.account.appid }));
    await reloadProfile();
    navigate('/settings', { appid: answer.account.appid });
  });

  return (
    <div class="page page--narrow">
      <h1>{t('authorize.title')}</h1>
      <p>{t('authorize.intro')}</p>
      <section class="card" aria-labelledby="component-title">
        <h2 id="component-title">{t('authorize.component')}</h2>
        <p class="muted">{t('authorize.componentHint')}</p>
        {error && <Alert kind="error">{error}</Alert>}
        <div class="actions">
          {phone ? (
            <>
              <button type="button" class="button button--primary" disabled={busy} onClick={() => goToWechat('mobileAuthUrl')}>
                {t('authorize.componentMobile')}
              </button>
              <button type="button" class="button button--ghost" disabled={busy} onClick={() => goToWechat('authUrl')}>
                {t('authorize.componentDesktop')}
              </button>
            </>
          ) : (
            <>
              <button type="button" class="button button--primary" disabled={busy} onClick={() => goToWechat('authUrl')}>
                {t('authorize.componentDesktop')}
              </button>
              <button type="button" class="button button--ghost" disabled={busy} onClick={showPhoneQr}>
                {t('authorize.componentQr')}
              </button>
            </>
          )}
        </div>
        {qr && (
          <figure class="qr-result" data-testid="phone-qr">
            <img class="qr-result__image" src={qr} width={232} height={232} alt={t('authorize.qrTitle')} />
            <figcaption>
              <strong>{t('authorize.qrTitle')}</strong>
              <p class="muted">{t('authorize.qrHint')}</p>
            </figcaption>
          </figure>
        )}
        {waiting && <LinkWaiting key={waiting} state={waiting} reloadProfile={reloadProfile} />}
      </section>
      <section class="card" aria-labelledby="direct-title">
        <h2 id="direct-title">{t('authorize.direct')}</h2>
        <p class="muted">{t('authorize.directHint')}</p>
        {transfer && <Alert kind="info">{transfer}</Alert>}
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
