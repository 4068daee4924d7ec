import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { Field } from '../components/Field';
import { Alert } from '../components/Toast';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { ResendVerificationInput } from '../../../src/users/inputs';
import { waitText } from './login';
import type { PageProps } from './types';

type Outcome = 'checking' | 'invalid' | 'busy' | 'failed';

/**
 * Where the verification mail's link lands (`#/verify?token=`): it verifies and goes on to login.
 * A refused link (here, or `?result=` from an old API link) says why and offers a new mail.
 */
export const VerifyPage = ({ params }: PageProps) => {
  const token = params.get('token') ?? '';
  const given = params.get('result');
  const [outcome, setOutcome] = useState<Outcome>(token ? 'checking' : given === 'busy' || given === 'failed' ? given : 'invalid');
  const [email, setEmail] = useState('');
  const [note, setNote] = useState<{ kind: 'success' | 'error'; text: string }>();

  useEffect(() => {
    if (!token) return;
    call('user.verify', { token })
      .then(() => navigate('/login', { verified: 1 }, { replace: true }))
      .catch((error: unknown) => {
        const code = error instanceof ApiError ? error.errcode : 0;
        setOutcome(code === 40400 || code === 40000 ? 'invalid' : code === 50300 ? 'busy' : 'failed');
      });
  }, [token]);

  const resend = async (event: Event) => {
    event.preventDefault();
    const parsed = ResendVerificationInput.safeParse({ email });
    if (!parsed.success) return setNote({ kind: 'error', text: t('err.email') });
    try {
      await call('user.resendVerification', parsed.data);
      setNote({ kind: 'success', text: t('verify.resent') });
    } catch (error) {
      setNote({ kind: 'error', text: error instanceof ApiError && error.errcode === 42900 ? t('link.retryAfter', { time: waitText(error.retryAfter ?? 60) }) : t('err.network') });
    }
  };

  return (
    <div class="auth-card">
      <h1>{t('verify.title')}</h1>
      {outcome === 'checking' ? (
        <p class="loading">{t('verify.checking')}</p>
      ) : (
        <>
          <Alert kind="error">{t(`verify.${outcome}`)}</Alert>
          <form class="resend" onSubmit={resend} noValidate>
            <h2>{t('verify.resendTitle')}</h2>
            <Field label={t('register.email')} name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={note?.kind === 'error' ? note.text : undefined} />
            {note?.kind === 'success' && <Alert kind="success">{note.text}</Alert>}
            <button class="button button--ghost" type="submit">
              {t('login.resend')}
            </button>
          </form>
          <p>
            <a class="button button--primary button--block" href={href('/login')}>
              {t('verify.toLogin')}
            </a>
          </p>
        </>
      )}
    </div>
  );
};
