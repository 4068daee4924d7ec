import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import type { Output } from '../contract';
import { Alert } from '../components/Toast';
import { t } from '../i18n';
import { href } from '../router';
import { readSession } from '../session';
import { LinkWaiting } from './authorize-waiting';
import type { PageProps } from './types';

/**
 * Where WeChat's redirect lands (via /wxplatform/authCallback): `#/authorize/return?state&auth_code`.
 * The console's session is a bearer token in this browser's localStorage, which a redirect cannot
 * carry: this page sends it with the code (component.authComplete). The API links only for the
 * session that started the authorization, and only once WeChat's push is there too. Any other
 * browser, signed in or not, gets an explanation and links nothing. The code leaves the address
 * bar at once (it is worth nothing elsewhere, but need not be shown or forwarded).
 */
type Outcome = { kind: 'elsewhere'; voided: boolean } | { kind: 'status'; status: Output<'component.authComplete'> } | { kind: 'error'; message: string };

/** The return's state and code, once taken off the address bar: kept for this tab only (a reload still completes). */
const takenKey = 'socialinzen.authReturn';
const readTaken = (): { state: string; code: string } => {
  try {
    return { state: '', code: '', ...(JSON.parse(sessionStorage.getItem(takenKey) ?? '{}') as object) };
  } catch {
    return { state: '', code: '' };
  }
};

/** Why WeChat's way back linked nothing, as the API says it (`reason`): the ones it can still send. */
const refusals = ['cancelled', 'busy', 'failed'] as const;

export const AuthorizeReturnPage = ({ params, reloadProfile }: PageProps) => {
  const [outcome, setOutcome] = useState<Outcome>();
  const reason = params.get('reason');

  useEffect(() => {
    if (reason) return;
    const taken = readTaken();
    const state = params.get('state') ?? taken.state;
    const code = params.get('auth_code') ?? taken.code;
    if (params.get('auth_code')) {
      // Off the address bar without a navigation (the page stays as it is); kept for a reload of this tab.
      sessionStorage.setItem(takenKey, JSON.stringify({ state, code }));
      history.replaceState(null, '', `${window.location.pathname}${window.location.search}${href('/authorize/return')}`);
    }
    if (!readSession() || !state || !code) {
      setOutcome({ kind: 'elsewhere', voided: false });
      return;
    }
    call('component.authComplete', { state, auth_code: code })
      .then((status) => setOutcome({ kind: 'status', status }))
      .catch((e) => {
        // Another session's authorization (40300 on `state`), or a session that is gone: nothing was linked here.
        // Only the other session's refusal spends the state (the API says so with reason otherSession).
        if (e instanceof ApiError && ((e.errcode === 40300 && e.field === 'state') || e.errcode === 40100)) setOutcome({ kind: 'elsewhere', voided: e.errcode === 40300 });
        else setOutcome({ kind: 'error', message: (e as Error).message });
      });
  }, []);

  if (reason) return <ReturnRefused reason={refusals.find((r) => r === reason) ?? 'failed'} />;
  return (
    <div class="page page--narrow">
      <h1>{t(outcome?.kind === 'elsewhere' ? 'authorizeReturn.elsewhereTitle' : 'authorizeReturn.title')}</h1>
      {!outcome && <p class="loading">{t('common.loading')}</p>}
      {outcome?.kind === 'error' && <Alert kind="error">{outcome.message}</Alert>}
      {outcome?.kind === 'elsewhere' && (
        <section class="card" data-testid="return-elsewhere">
          <Alert kind="error">
            {t('authorizeReturn.elsewhere')}
            {outcome.voided && ` ${t('authorizeReturn.voided')}`}
          </Alert>
          <p>{t('authorizeReturn.elsewhereWhat')}</p>
          <a class="button button--primary" href={href(readSession() ? '/authorize' : '/login')}>
            {t('authorizeReturn.login')}
          </a>
        </section>
      )}
      {outcome?.kind === 'status' && <LinkWaiting state={readTaken().state} initial={outcome.status} reloadProfile={reloadProfile} />}
    </div>
  );
};

/** WeChat's way back that linked nothing (the API's `reason`): what happened, and the way on. */
const ReturnRefused = ({ reason }: { reason: (typeof refusals)[number] }) => {
  const signedIn = readSession() !== undefined;
  return (
    <div class="auth-card">
      <h1>{t('authorizeResult.title')}</h1>
      <Alert kind="error">{t(`authorizeResult.${reason}`)}</Alert>
      <p>
        <a class="button button--primary button--block" href={href(signedIn ? '/authorize' : '/login')}>
          {signedIn ? t('authorizeResult.again') : t('authorizeResult.toLogin')}
        </a>
      </p>
      {signedIn && (
        <p class="auth-card__switch">
          <a href={href('/replies')}>{t('authorizeResult.toConsole')}</a>
        </p>
      )}
    </div>
  );
};

/**
 * Where the mobile link's redirect lands, on the phone: the code for the console that waits. In
 * WeChat's in-app browser there is no console session; a phone browser that is itself the starting
 * session (the console opened on the phone) completes with the code at once.
 */
export const AuthorizePhonePage = ({ params, reloadProfile }: PageProps) => {
  const code = params.get('code');
  const state = params.get('state');
  const [status, setStatus] = useState<Output<'component.authComplete'>>();
  useEffect(() => {
    if (!code || !state || !readSession()) return;
    // Another session gets 40300 and the code stays on screen for the console that waits.
    call('component.authComplete', { state, confirmCode: code })
      .then(setStatus)
      .catch(() => undefined);
  }, []);
  if (status && state) {
    return (
      <div class="page page--narrow">
        <h1>{t('authorizeReturn.title')}</h1>
        <LinkWaiting state={state} initial={status} reloadProfile={reloadProfile} />
      </div>
    );
  }
  return (
    <div class="page page--narrow">
      <h1>{t('authorizePhone.title')}</h1>
      {code ? (
        <section class="card" data-testid="phone-code">
          <p>{t('authorizePhone.code')}</p>
          <p class="confirm-code" aria-label={code.split('').join(' ')}>
            {code}
          </p>
          <Alert kind="info">{t('authorizePhone.warning')}</Alert>
        </section>
      ) : (
        <Alert kind="error">{t('authorizePhone.expired')}</Alert>
      )}
    </div>
  );
};
