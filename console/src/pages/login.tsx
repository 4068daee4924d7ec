import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { saveSession } from '../session';
import type { PageProps } from './types';
import { LoginInput, ResendVerificationInput } from '../../../src/users/inputs';

export const waitText = (seconds: number): string =>
  seconds >= 60 ? t('common.minutes', { n: Math.ceil(seconds / 60) }) : t('common.seconds', { n: Math.max(1, Math.ceil(seconds)) });

export const LoginPage = ({ params, onLogin }: PageProps) => {
  const form = useForm({ username: '', password: '' });
  const [unverified, setUnverified] = useState(false);
  const [resendEmail, setResendEmail] = useState('');
  const [resendError, setResendError] = useState<string>();

  const onSubmit = form.submit(async () => {
    setUnverified(false);
    if (!form.check(LoginInput)) return;
    try {
      const answer = await call('user.login', form.values);
      saveSession({ token: answer.access_token, username: answer.user.username, expiresAt: Date.now() + answer.expires_in * 1000 });
      onLogin();
    } catch (error) {
      if (error instanceof ApiError && error.errcode === 42900) {
        form.setErrors({ _form: t('login.locked', { time: waitText(error.retryAfter ?? 60) }) });
      } else if (error instanceof ApiError && error.errcode === 40102) {
        setUnverified(true);
      } else if (error instanceof ApiError && error.errcode === 40101) {
        form.setErrors({ _form: error.message });
      } else throw error;
    }
  });

  const resend = async (event: Event) => {
    event.preventDefault();
    setResendError(undefined);
    const parsed = ResendVerificationInput.safeParse({ email: resendEmail });
    if (!parsed.success) return setResendError(t('err.email'));
    try {
      await call('user.resendVerification', parsed.data);
      navigate('/check-mail', { email: parsed.data.email, resent: 1 });
    } catch (error) {
      setResendError(error instanceof ApiError && error.errcode === 42900 ? t('common.retryAfter', { time: waitText(error.retryAfter ?? 60) }) : (error as Error).message);
    }
  };

  return (
    <div class="auth-card">
      <h1>{t('login.title')}</h1>
      {params.get('verified') && <Alert kind="success">{t('login.verified')}</Alert>}
      {params.get('expired') && <Alert kind="info">{t('session.expired')}</Alert>}
      {params.get('loggedOut') && <Alert kind="info">{t('login.loggedOut')}</Alert>}
      {params.get('reset') && <Alert kind="success">{t('login.resetDone')}</Alert>}
      {params.get('deleted') && <Alert kind="info">{t('login.deleted')}</Alert>}
      <form onSubmit={onSubmit} noValidate>
        <FormError error={form.errors['_form']} />
        <Field label={t('login.username')} name="username" autoComplete="username" value={form.values.username} onValue={(v) => form.set('username', v)} error={form.errors['username']} />
        <Field label={t('login.password')} name="password" type="password" autoComplete="current-password" value={form.values.password} onValue={(v) => form.set('password', v)} error={form.errors['password']} />
        <button class="button button--primary button--block" type="submit" disabled={form.busy}>
          {t('login.submit')}
        </button>
      </form>
      {unverified && (
        <form class="resend" onSubmit={resend} noValidate>
          <Alert kind="error">{t('login.unverified')}</Alert>
          <Field label={t('register.email')} name="email" type="email" autoComplete="email" value={resendEmail} onValue={setResendEmail} error={resendError} />
          <button class="button button--ghost" type="submit">
            {t('login.resend')}
          </button>
        </form>
      )}
      <p class="auth-card__switch">
        <a href={href('/forgot')}>{t('login.forgot')}</a>
      </p>
      <p class="auth-card__switch">
        <a href={href('/register')}>{t('login.toRegister')}</a>
      </p>
    </div>
  );
};

export const notifyVerified = () => toast(t('login.verified'));
