import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { href, navigate } from '../router';
import type { AccountDetail, Output } from '../contract';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyField } from '../components/CopyField';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { useForm } from '../form';
import { t, type MessageKey } from '../i18n';
import type { PageProps } from './types';

/** WeChat's words for a permission set (func_info id); the API's name for the sets the console has no words of its own for. */
const permissionSetName = (id: number, fallback?: string): string => {
  const key = `permissionSet.${id}` as MessageKey;
  return knownPermissionSets.has(id) ? t(key) : (fallback ?? String(id));
};
const knownPermissionSets = new Set([1, 2, 3, 4, 6, 7, 11, 15]);

type Detail = AccountDetail;

/** Why a feature is not available, in plain words. */
const needWords = (need: string, detail: Detail): string => {
  if (need === 'serviceAccount') return t('need.serviceAccount');
  if (need === 'verification') return t('need.verification');
  const id = Number(need.replace('permissionSet:', ''));
  return t('need.permissionSet', { name: permissionSetName(id, detail.permissionSets?.find((s) => s.id === id)?.name) });
};

/** The account's type, verification and permission sets, and what each feature may do with them (40302 otherwise). */
const Capabilities = ({ detail }: { detail: Detail }) => (
  <section class="card" data-testid="capabilities">
    <h2>{t('settings.capabilities')}</h2>
    <dl class="facts">
      <dt>{t('settings.serviceType')}</dt>
      <dd>{detail.serviceType ? t(detail.serviceType.id === 2 ? 'serviceType.service' : 'serviceType.subscription') : t('settings.notKnown')}</dd>
      <dt>{t('settings.verification')}</dt>
      <dd>
        {detail.verifyType ? (
          <span class={`badge badge--${detail.verifyType.verified ? 'authorized' : 'warning'}`}>{t(detail.verifyType.verified ? 'settings.verified' : 'settings.unverified')}</span>
        ) : (
          t('settings.notKnown')
        )}
      </dd>
      {detail.permissionSets && (
        <>
          <dt>{t('settings.permissionSets')}</dt>
          <dd>{detail.permissionSets.map((s) => permissionSetName(s.id, s.name)).join('、')}</dd>
        </>
      )}
    </dl>
    {!detail.serviceType && <p class="muted">{t('settings.notKnownHint')}</p>}
    <ul class="capabilities">
      {detail.capabilities.map((c) => (
        <li key={c.feature} data-feature={c.feature} data-allowed={String(c.allowed)}>
          <strong>{t(`feature.${c.feature}` as MessageKey)}</strong>{' '}
          {c.allowed === true ? (
            <span class="badge badge--authorized">{t('capability.allowed')}</span>
          ) : c.allowed === null ? (
            <span class="muted">{t('capability.unknown')}</span>
          ) : (
            <span class="badge badge--warning">{c.need ? needWords(c.need, detail) : t('capability.unknown')}</span>
          )}
        </li>
      ))}
    </ul>
    {detail.capabilities.some((c) => c.need?.startsWith('permissionSet:')) && <p class="muted">{t('settings.permissionSetsHint')}</p>}
  </section>
);

type H5Secrets = { current: { secret: string; createdAt: string }; previous?: { secret: string; createdAt: string } };

/**
 * The secrets that sign the hand-off from web OAuth to the account's H5 pages (docs/h5-signature.md):
 * the current one signs, the previous one still verifies, so pages can be moved over between rotations.
 */
const H5SecretsCard = ({ appid }: { appid: string }) => {
  const [secrets, setSecrets] = useState<H5Secrets>();
  const [note, setNote] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setSecrets(undefined);
    setNote(undefined);
    call('platform.h5Secrets', { appid })
      .then(({ current, previous }) => setSecrets({ current, ...(previous ? { previous } : {}) }))
      // Below admin the secrets are not shown: say so instead of an error.
      .catch((e: Error) => setNote(e instanceof ApiError && e.errcode === 40301 ? t('settings.h5SecretAdminOnly') : e.message));
  }, [appid]);

  const rotate = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      const { current, previous } = await call('platform.rotateH5Secret', { appid });
      setSecrets({ current, ...(previous ? { previous } : {}) });
      toast(t('settings.h5SecretRotated'));
    } catch (e) {
      setNote((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" data-testid="h5-secrets">
      <h2>{t('settings.h5Secret')}</h2>
      <p class="muted">{t('settings.h5SecretHint')}</p>
      {note && <p class="muted">{note}</p>}
      {secrets && (
        <>
          <CopyField label={t('settings.h5SecretCurrent')} value={secrets.current.secret} hint={t('settings.h5SecretSince', { at: new Date(secrets.current.createdAt).toLocaleString() })} />
          {secrets.previous && (
            <CopyField label={t('settings.h5SecretPrevious')} value={secrets.previous.secret} hint={t('settings.h5SecretPreviousHint')} />
          )}
          <button type="button" class="button" disabled={busy} onClick={() => setConfirming(true)}>
            {t('settings.h5SecretRotate')}
          </button>
          <ConfirmDialog open={confirming} message={t('settings.h5SecretRotateConfirm')} confirmLabel={t('settings.h5SecretRotate')} onConfirm={rotate} onCancel={() => setConfirming(false)} />
        </>
      )}
    </section>
  );
};

type QuotaRow = Output<'accounts.quota'>['apis'][number];

/**
 * WeChat's daily API quota of the account, API by API, with the feature of ours that spends each (so
 * a 45009 reads as "the follower sync used it"), and the reset (clear_quota, 10 a month) beside it
 * for the roles that may spend one.
 */
const ApiQuota = ({ appid, mayReset }: { appid: string; mayReset: boolean }) => {
  const [rows, setRows] = useState<QuotaRow[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = () =>
    call('accounts.quota', { appid })
      .then(({ apis }) => setRows(apis))
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    setRows(undefined);
    void load();
  }, [appid]);
  const reset = async () => {
    setBusy(true);
    try {
      await call('accounts.clearQuota', { appid });
      toast(t('settings.quotaCleared'));
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" data-testid="api-quota">
      <h2>{t('settings.quota')}</h2>
      <p class="muted">{t('settings.quotaHint')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!rows && !error && <p class="loading">{t('common.loading')}</p>}
      {rows && (
        <table class="table">
          <thead>
            <tr>
              <th>{t('settings.quotaFeature')}</th>
              <th>{t('settings.quotaApi')}</th>
              <th>{t('settings.quotaUsed')}</th>
              <th>{t('settings.quotaLimit')}</th>
              <th>{t('settings.quotaRemain')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.path} data-path={r.path}>
                <td>{t(`quotaFeature.${r.feature}` as MessageKey)}</td>
                <td>
                  <code>{r.path}</code>
                </td>
                {r.wxerrcode !== undefined ? (
                  <td colSpan={3} class="muted">
                    {t('settings.quotaUnavailable', { errcode: r.wxerrcode })}
                  </td>
                ) : (
                  <>
                    <td>{r.used}</td>
                    <td>{r.daily_limit}</td>
                    <td>{r.remain === 0 && (r.daily_limit ?? 0) > 0 ? <span class="badge badge--warning">{r.remain}</span> : r.remain}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayReset && (
        <button type="button" class="button" disabled={busy} onClick={reset}>
          {t('settings.clearQuota')}
        </button>
      )}
    </section>
  );
};

/**
 * Unbinding (owners): a dialog asks the password again. A component account must still be released
 * at WeChat by its owner (the platform cannot withdraw an authorization): the answer says where.
 */
const Unbind = ({ detail, reloadProfile }: { detail: Detail; reloadProfile: () => Promise<void> }) => {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
    if (!open && dialog?.open) dialog.close();
  }, [open]);

  const unbind = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const answer = await call('accounts.unbind', { appid: detail.appid, password });
      const until = new Date(answer.keptUntil).toLocaleDateString();
      setOpen(false);
      setDone(t(answer.mode === 'component' ? 'settings.unboundComponent' : 'settings.unbound', { until }));
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : (err as Error).message);
    }
  };

  if (done) {
    return (
      <section class="card" data-testid="unbound">
        <Alert kind="success">{done}</Alert>
        <button type="button" class="button button--primary" onClick={() => void reloadProfile().then(() => navigate('/authorize'))}>
          {t('common.confirm')}
        </button>
      </section>
    );
  }
  return (
    <section class="card">
      <h2>{t('settings.unbindTitle')}</h2>
      <p class="muted">{t('settings.unbindHint')}</p>
      <button type="button" class="button button--danger" onClick={() => setOpen(true)}>
        {t('settings.unbind')}
      </button>
      <dialog ref={ref} class="dialog" aria-labelledby="unbind-message" onCancel={(e) => (e.preventDefault(), setOpen(false))}>
        <form onSubmit={unbind} noValidate>
          <p id="unbind-message">{t('settings.unbindConfirm', { name: detail.nickname || detail.appid })}</p>
          <Field label={t('settings.unbindPassword')} name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={error} />
          <div class="dialog__actions">
            <button type="button" class="button button--ghost" autofocus onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" class="button button--danger" disabled={!password}>
              {t('settings.unbind')}
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
};

/**
 * A direct binding's 服务器配置: token, EncodingAESKey and 消息加解密方式, saved here first and then
 * in 公众平台 (the old ones stay accepted for 24 hours, so no message is lost in between).
 */
const ServerConfig = ({ detail, onChanged }: { detail: AccountDetail; onChanged: (changed: Partial<AccountDetail>) => void }) => {
  const form = useForm({ token: '', encodingAESKey: '', encryptMode: (detail.encryptMode ?? (detail.encrypted ? 'safe' : 'plain')) as string });
  const save = form.submit(async () => {
    const answer = await call('accounts.updateServerConfig', {
      appid: detail.appid,
      token: form.values.token,
      ...(form.values.encodingAESKey ? { encodingAESKey: form.values.encodingAESKey } : {}),
      encryptMode: form.values.encryptMode as 'plain' | 'compatible' | 'safe',
    });
    onChanged({ encryptMode: answer.encryptMode, encrypted: answer.encrypted, previousAcceptedUntil: answer.previousAcceptedUntil });
    form.setValues({ token: '', encodingAESKey: '', encryptMode: answer.encryptMode });
    toast(t('serverConfig.saved'));
  });
  return (
    <form onSubmit={save} noValidate aria-labelledby="server-config-title">
      <h3 id="server-config-title">{t('serverConfig.title')}</h3>
      <ol class="steps">
        <li>{t('serverConfig.step1')}</li>
        <li>{t('serverConfig.step2')}</li>
        <li>{t('serverConfig.step3')}</li>
      </ol>
      {detail.previousAcceptedUntil && <Alert kind="info">{t('serverConfig.transition', { until: new Date(detail.previousAcceptedUntil).toLocaleString() })}</Alert>}
      <FormError error={form.errors['_form']} />
      <Field label={t('authorize.token')} name="token" autoComplete="off" spellcheck={false} value={form.values.token} onValue={(v) => form.set('token', v.trim())} error={form.errors['token']} hint={t('serverConfig.tokenHint')} />
      <Field
        label={`${t('authorize.aesKey')}${t('common.optional')}`}
        name="encodingAESKey"
        autoComplete="off"
        spellcheck={false}
        value={form.values.encodingAESKey}
        onValue={(v) => form.set('encodingAESKey', v.trim())}
        error={form.errors['encodingAESKey']}
        hint={t(detail.encrypted ? 'serverConfig.keyKeptHint' : 'serverConfig.keyNeededHint')}
      />
      <Field kind="select" label={t('authorize.encryptMode')} name="encryptMode" value={form.values.encryptMode} onValue={(v) => form.set('encryptMode', v)} error={form.errors['encryptMode']} hint={t('serverConfig.modeHint')}>
        <option value="plain">{t('authorize.encryptModePlain')}</option>
        <option value="compatible">{t('authorize.encryptModeCompatible')}</option>
        <option value="safe">{t('authorize.encryptModeSafe')}</option>
      </Field>
      <button type="submit" class="button button--primary" disabled={form.busy}>
        {t('serverConfig.save')}
      </button>
    </form>
  );
};

/** Account settings: status, connection, what the account can do, the callback URL to paste into WeChat, allowed web domains. */
export const SettingsPage = ({ account, organization, reloadProfile }: PageProps) => {
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
            {detail.needsReauthorization ? (
              <span class="badge badge--warning">{t('status.needsReauthorization')}</span>
            ) : (
              <span class={`badge badge--${detail.status}`}>{t(`status.${detail.status}`)}</span>
            )}
            {detail.refreshError && !detail.needsReauthorization && (
              <span class="badge badge--warning">
                {t('status.refreshError', { errcode: detail.refreshError.errcode, errmsg: detail.refreshError.errmsg, at: new Date(detail.refreshError.at).toLocaleString() })}
              </span>
            )}
          </dd>
        </dl>
        {detail.needsReauthorization && (
          <Alert kind="error">
            <p>{t('settings.reauthorizeHint', { errcode: detail.refreshError?.errcode ?? '' })}</p>
            <a class="button button--primary" href={href('/authorize', { appid })}>
              {t('settings.reauthorize')}
            </a>
          </Alert>
        )}
      </section>
      <Capabilities detail={detail} />
      <ApiQuota appid={appid} mayReset={organization?.role === 'owner' || organization?.role === 'admin'} />
      <section class="card">
        <h2>{t('settings.serverConfig')}</h2>
        {detail.callbackUrl ? (
          <CopyField label={t('settings.callbackUrl')} value={detail.callbackUrl} hint={t(detail.encrypted ? 'settings.callbackHint' : 'serverConfig.noKeyHint')} />
        ) : (
          <p class="muted">{t('settings.componentCallback')}</p>
        )}
        {detail.mode === 'direct' && <ServerConfig detail={detail} onChanged={(changed) => setDetail({ ...detail, ...changed })} />}
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
      <H5SecretsCard appid={appid} />
      {organization?.role === 'owner' && <Unbind detail={detail} reloadProfile={reloadProfile} />}
    </div>
  );
};
