import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { Alert } from '../components/Toast';
import { t } from '../i18n';
import { href } from '../router';
import { clearSession, readSession } from '../session';
import type { PageProps } from './types';

/** Where the new address's confirmation link lands (`#/confirm-email?token=`): confirms at once and says so. */
export const ConfirmEmailPage = ({ params }: PageProps) => {
  const token = params.get('token') ?? '';
  const [state, setState] = useState<{ kind: 'checking' } | { kind: 'done'; email: string } | { kind: 'invalid' | 'taken' }>(token ? { kind: 'checking' } : { kind: 'invalid' });
  useEffect(() => {
    if (!token) return;
    call('user.confirmEmail', { token })
      .then(({ email }) => setState({ kind: 'done', email }))
      .catch((error: unknown) => setState({ kind: error instanceof ApiError && error.errcode === 40900 ? 'taken' : 'invalid' }));
  }, [token]);
  return (
    <div class="auth-card">
      <h1>{t('confirmEmail.title')}</h1>
      {state.kind === 'checking' && <p class="loading">{t('confirmEmail.checking')}</p>}
      {state.kind === 'done' && <Alert kind="success">{t('confirmEmail.done', { email: state.email })}</Alert>}
      {state.kind === 'invalid' && <Alert kind="error">{t('confirmEmail.invalid')}</Alert>}
      {state.kind === 'taken' && <Alert kind="error">{t('confirmEmail.taken')}</Alert>}
      {state.kind !== 'checking' && (
        <p>
          <a class="button button--primary button--block" href={href(readSession() ? '/security' : '/login')}>
            {readSession() ? t('confirmEmail.toConsole') : t('verify.toLogin')}
          </a>
        </p>
      )}
    </div>
  );
};

/**
 * Where the old address's undo link lands (`#/revert-email?token=`). It signs every device out, so
 * it waits for a click rather than running on open.
 */
export const RevertEmailPage = ({ params }: PageProps) => {
  const token = params.get('token') ?? '';
  const [state, setState] = useState<{ kind: 'ask' | 'busy' | 'invalid' | 'taken' } | { kind: 'done'; email: string }>(token ? { kind: 'ask' } : { kind: 'invalid' });
  const revert = async () => {
    setState({ kind: 'busy' });
    try {
      const { email } = await call('user.revertEmail', { token });
      clearSession();
      setState({ kind: 'done', email });
    } catch (error) {
      setState({ kind: error instanceof ApiError && error.errcode === 40900 ? 'taken' : 'invalid' });
    }
  };
  return (
    <div class="auth-card">
      <h1>{t('revertEmail.title')}</h1>
      {(state.kind === 'ask' || state.kind === 'busy') && (
        <>
          <p>{t('revertEmail.intro')}</p>
          <p>
            <button type="button" class="button button--danger button--block" disabled={state.kind === 'busy'} onClick={revert}>
              {t('revertEmail.submit')}
            </button>
          </p>
        </>
      )}
      {state.kind === 'done' && <Alert kind="success">{t('revertEmail.done', { email: state.email })}</Alert>}
      {state.kind === 'invalid' && <Alert kind="error">{t('revertEmail.invalid')}</Alert>}
      {state.kind === 'taken' && <Alert kind="error">{t('revertEmail.taken')}</Alert>}
      {state.kind !== 'ask' && state.kind !== 'busy' && (
        <p>
          <a class="button button--primary button--block" href={href('/forgot')}>
            {t('revertEmail.reset')}
          </a>
        </p>
      )}
      <p class="auth-card__switch">
        <a href={href('/login')}>{t('verify.toLogin')}</a>
      </p>
    </div>
  );
};
