import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { Field, FormError } from '../components/Field';
import { Alert } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { clearSession } from '../session';
import { ResetPasswordInput } from '../../../src/users/inputs';
import type { PageProps } from './types';

/** 重置密码: where the reset mail's link lands (`#/reset?token=`); an unusable link says so and offers a new one. */
export const ResetPage = ({ params }: PageProps) => {
  const token = params.get('token') ?? '';
  const form = useForm({ password: '', confirm: '' });
  const [invalid, setInvalid] = useState(token === '');
  const onSubmit = form.submit(async () => {
    if (!form.check(ResetPasswordInput, { token, password: form.values.password })) return;
    if (form.values.password !== form.values.confirm) return form.setErrors({ confirm: t('reset.mismatch') });
    try {
      await call('user.resetPassword', { token, password: form.values.password });
    } catch (error) {
      if (error instanceof ApiError && (error.errcode === 40400 || error.field === 'token')) return setInvalid(true);
      throw error;
    }
    // Every session was ended by the reset, this browser's too.
    clearSession();
    navigate('/login', { reset: 1 });
  });
  return (
    <div class="auth-card">
      <h1>{t('reset.title')}</h1>
      {invalid ? (
        <>
          <Alert kind="error">{t('reset.invalid')}</Alert>
          <p>
            <a class="button button--primary button--block" href={href('/forgot')}>
              {t('reset.again')}
            </a>
          </p>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <p>{t('reset.intro')}</p>
          <FormError error={form.errors['_form']} />
          <Field label={t('reset.password')} name="password" type="password" autoComplete="new-password" hint={t('register.passwordHint')} value={form.values.password} onValue={(v) => form.set('password', v)} error={form.errors['password']} />
          <Field label={t('reset.confirm')} name="confirm" type="password" autoComplete="new-password" value={form.values.confirm} onValue={(v) => form.set('confirm', v)} error={form.errors['confirm']} />
          <button class="button button--primary button--block" type="submit" disabled={form.busy}>
            {t('reset.submit')}
          </button>
        </form>
      )}
      <p class="auth-card__switch">
        <a href={href('/login')}>{t('forgot.toLogin')}</a>
      </p>
    </div>
  );
};
