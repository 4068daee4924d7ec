import { call } from '../api';
import { Field, FormError } from '../components/Field';
import { useForm } from '../form';
import { t } from '../i18n';
import { Alert, toast } from '../components/Toast';
import { href, navigate } from '../router';
import { RegisterInput } from '../../../src/users/inputs';
import type { PageProps } from './types';

/** Registration; with `?invitation=` (from an invitation link) the new user joins the inviting organization, no verification mail needed. */
export const RegisterPage = ({ params }: PageProps) => {
  const invitation = params.get('invitation') ?? undefined;
  const form = useForm({ username: '', password: '', email: '' });
  const onSubmit = form.submit(async () => {
    const values = invitation ? { ...form.values, invitation } : form.values;
    if (!form.check(RegisterInput, values)) return;
    await call('user.register', values);
    if (invitation) {
      toast(t('register.doneInvited'));
      navigate('/login');
    } else navigate('/check-mail', { email: form.values.email.trim() });
  });
  return (
    <div class="auth-card">
      <h1>{t('register.title')}</h1>
      {invitation && <Alert kind="info">{t('register.invitation')}</Alert>}
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
