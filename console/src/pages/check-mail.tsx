import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { Alert } from '../components/Toast';
import { t } from '../i18n';
import { href } from '../router';
import { waitText } from './login';
import type { PageProps } from './types';

/** After registering: where the link went, a resend button, the way to login. */
export const CheckMailPage = ({ params }: PageProps) => {
  const email = params.get('email') ?? '';
  const [resent, setResent] = useState(Boolean(params.get('resent')));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const resend = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call('user.resendVerification', { email });
      setResent(true);
    } catch (e) {
      setError(e instanceof ApiError && e.errcode === 42900 ? t('common.retryAfter', { time: waitText(e.retryAfter ?? 60) }) : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="auth-card">
      <h1>{t('checkMail.title')}</h1>
      <p>{t('checkMail.body', { email })}</p>
      {resent && <Alert kind="success">{t('checkMail.resent')}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      <p>
        <button type="button" class="button button--ghost" disabled={busy || !email} onClick={resend}>
          {t('checkMail.resend')}
        </button>
      </p>
      <p class="auth-card__switch">
        <a href={href('/login')}>{t('checkMail.toLogin')}</a>
      </p>
    </div>
  );
};
