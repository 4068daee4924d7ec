import { call } from '../api';
import { Field, FormError } from '../components/Field';
import { useForm } from '../form';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { RegisterInput } from '../../../src/users/inputs';

export const RegisterPage = () => {
  const form = useForm({ username: '', password: '', email: '' });
  const onSubmit = form.submit(async () => {
    if (!form.check(RegisterInput)) return;
    await call('user.register', form.values);
    navigate('/check-mail', { email: form.values.email.trim() });
  });
  return (
    <div class="auth-card">
      <h1>{t('register.title')}</h1>
      <form onSubmit={onSubmit} noValidate>
        <FormError error={form.errors['_form']} />
        <Field label={t('login.username')} name="username" autoComplete="username" hint={t('register.usernameHint')} value={form.values.username} onValue={(v) => form.set('username', v)} error={form.errors['username']} />
        <Field label={t('register.email')} name="email" type="email" autoComplete="email" value={form.values.email} onValue={(v) => form.set('email', v)} error={form.errors['email']} />
        <Field label={t('login.password')} name="password" type="password" autoComplete="new-password" hint={t('register.passwordHint')} value={form.values.password} onValue={(v) => form.set('password', v)} error={form.errors['password']} />
        <button class="button button--primary button--block" type="submit" disabled={form.busy}>
          {t('register.submit')}
        </button>
      </form>
      <p class="auth-card__switch">
        <a href={href('/login')}>{t('register.toLogin')}</a>
      </p>
    </div>
  );
};
