import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { Field, FormError } from '../components/Field';
import { Alert } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import { href } from '../router';
import { ForgotPasswordInput } from '../../../src/users/inputs';
import { waitText } from './login';
import type { PageProps } from './types';

/** 忘记密码: the address, then the same answer whether or not it has an account (the API says nothing more). */
export const ForgotPage = (_props: PageProps) => {
  const form = useForm({ email: '' });
  const [sent, setSent] = useState<string>();
  const onSubmit = form.submit(async () => {
    if (!form.check(ForgotPasswordInput)) return;
    try {
      await call('user.forgotPassword', { email: form.values.email.trim() });
      setSent(form.values.email.trim());
    } catch (error) {
      if (error instanceof ApiError && error.errcode === 42900) form.setErrors({ _form: t('link.retryAfter', { time: waitText(error.retryAfter ?? 60) }) });
      else throw error;
    }
  });
  return (
    <div class="auth-card">
      <h1>{t('forgot.title')}</h1>
      {sent ? <Alert kind="success">{t('forgot.sent', { email: sent })}</Alert> : <p>{t('forgot.intro')}</p>}
      <form onSubmit={onSubmit} noValidate>
        <FormError error={form.errors['_form']} />
        <Field label={t('register.email')} name="email" type="email" autoComplete="email" value={form.values.email} onValue={(v) => form.set('email', v)} error={form.errors['email']} />
        <button class="button button--primary button--block" type="submit" disabled={form.busy}>
          {t('forgot.submit')}
        </button>
      </form>
      <p class="auth-card__switch">
        <a href={href('/login')}>{t('forgot.toLogin')}</a>
      </p>
    </div>
  );
};
