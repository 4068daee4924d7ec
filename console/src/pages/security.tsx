import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import type { Output } from '../contract';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { useForm } from '../form';
import { language, t } from '../i18n';
import { navigate } from '../router';
import { clearSession } from '../session';
import { ChangeEmailInput, ChangePasswordInput, DeleteAccountInput } from '../../../src/users/inputs';
import { waitText } from './login';
import type { PageProps } from './types';

type SessionRow = Output<'user.sessions'>['sessions'][number];

/** The API's refusals of these forms in the user's words, beside the field they are about. */
const refusal = (error: unknown, passwordField: string): Record<string, string> | undefined => {
  if (!(error instanceof ApiError)) return undefined;
  if (error.errcode === 40101) return { [passwordField]: t('security.wrongPassword') };
  if (error.errcode === 42900) return { _form: t('security.retryAfter', { time: waitText(error.retryAfter ?? 60) }) };
  return undefined;
};

const when = (iso: string): string => new Date(iso).toLocaleString(language(), { dateStyle: 'medium', timeStyle: 'short' });

/** 账号与安全: password, e-mail, signed-in devices, deleting the account. */
export const SecurityPage = ({ profile }: PageProps) => {
  return (
    <div class="page page--narrow">
      <h1>{t('security.title')}</h1>
      <PasswordCard />
      <EmailCard current={profile?.user.email ?? ''} />
      <SessionsCard />
      <DeleteCard />
    </div>
  );
};

const PasswordCard = () => {
  const form = useForm({ oldPassword: '', newPassword: '' });
  const submit = form.submit(async () => {
    if (!form.check(ChangePasswordInput)) return;
    try {
      const { revoked } = await call('user.changePassword', form.values);
      form.setValues({ oldPassword: '', newPassword: '' });
      toast(t('security.passwordDone', { n: revoked }));
    } catch (error) {
      const errors = refusal(error, 'oldPassword');
      if (!errors) throw error;
      form.setErrors(errors);
    }
  });
  return (
    <section class="card">
      <h2>{t('security.password')}</h2>
      <form onSubmit={submit} noValidate>
        <FormError error={form.errors['_form']} />
        <Field label={t('security.oldPassword')} name="oldPassword" type="password" autoComplete="current-password" value={form.values.oldPassword} onValue={(v) => form.set('oldPassword', v)} error={form.errors['oldPassword']} />
        <Field label={t('security.newPassword')} name="newPassword" type="password" autoComplete="new-password" hint={t('security.passwordHint')} value={form.values.newPassword} onValue={(v) => form.set('newPassword', v)} error={form.errors['newPassword']} />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={form.busy}>
            {t('security.passwordSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
};

const EmailCard = ({ current }: { current: string }) => {
  const form = useForm({ email: '', password: '' });
  const [sent, setSent] = useState<string>();
  const submit = form.submit(async () => {
    if (!form.check(ChangeEmailInput)) return;
    try {
      const { pending } = await call('user.changeEmail', { ...form.values, email: form.values.email.trim() });
      form.setValues({ email: '', password: '' });
      setSent(pending);
    } catch (error) {
      if (error instanceof ApiError && error.errcode === 40900) return form.setErrors({ email: t('security.emailTaken') });
      if (error instanceof ApiError && error.errcode === 40000 && error.field === 'email') return form.setErrors({ email: t('security.emailSame') });
      const errors = refusal(error, 'password');
      if (!errors) throw error;
      form.setErrors(errors);
    }
  });
  return (
    <section class="card">
      <h2>{t('security.email')}</h2>
      <p>{t('security.currentEmail', { email: current })}</p>
      {sent && <Alert kind="success">{t('security.emailSent', { email: sent })}</Alert>}
      <form onSubmit={submit} noValidate>
        <FormError error={form.errors['_form']} />
        <Field label={t('security.newEmail')} name="email" type="email" autoComplete="email" hint={t('security.emailHint')} value={form.values.email} onValue={(v) => form.set('email', v)} error={form.errors['email']} />
        <Field label={t('security.emailPassword')} name="password" type="password" autoComplete="current-password" value={form.values.password} onValue={(v) => form.set('password', v)} error={form.errors['password']} />
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={form.busy}>
            {t('security.emailSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
};

const SessionsCard = () => {
  const [sessions, setSessions] = useState<SessionRow[]>();
  const [error, setError] = useState<string>();
  const [asking, setAsking] = useState(false);
  const load = () =>
    call('user.sessions', {})
      .then(({ sessions }) => setSessions(sessions))
      .catch(() => setError(t('err.network')));
  useEffect(() => void load(), []);
  const revoke = async () => {
    setAsking(false);
    try {
      const { revoked } = await call('user.revokeSessions', { all: false });
      toast(t('security.revoked', { n: revoked }));
      await load();
    } catch {
      setError(t('err.network'));
    }
  };
  return (
    <section class="card">
      <h2>{t('security.sessions')}</h2>
      <p class="muted">{t('security.sessionsIntro')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {sessions === undefined ? (
        <p class="loading">{t('common.loading')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('security.sessionDevice')}</th>
                <th scope="col">{t('security.sessionCreated')}</th>
                <th scope="col">{t('security.sessionIp')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.userAgent ?? t('security.unknownDevice')}
                    {s.current && <strong class="badge"> {t('security.sessionCurrent')}</strong>}
                  </td>
                  <td>{when(s.createdAt)}</td>
                  <td>{s.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        <button type="button" class="button button--ghost" disabled={!sessions || sessions.length < 2} onClick={() => setAsking(true)}>
          {t('security.revokeOthers')}
        </button>
      </div>
      <ConfirmDialog open={asking} message={t('security.revokeConfirm')} confirmLabel={t('security.revokeOthers')} onConfirm={() => void revoke()} onCancel={() => setAsking(false)} />
    </section>
  );
};

const DeleteCard = () => {
  const form = useForm({ password: '' });
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const ask = (event: Event) => {
    event.preventDefault();
    if (form.check(DeleteAccountInput)) setAsking(true);
  };
  const remove = async () => {
    setAsking(false);
    setBusy(true);
    try {
      await call('user.deleteAccount', form.values);
      clearSession();
      navigate('/login', { deleted: 1 });
    } catch (error) {
      const blocked = error instanceof ApiError && error.errcode === 40900;
      // The API words the refusal with the organizations' names (src/core/messages, rule account.onlyOwner).
      const errors = blocked ? { _form: error.message } : refusal(error, 'password');
      form.setErrors(errors ?? { _form: error instanceof ApiError ? error.message : t('err.network') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card card--danger">
      <h2>{t('security.delete')}</h2>
      <p>{t('security.deleteIntro')}</p>
      <ul>
        <li>{t('security.deleteUser')}</li>
        <li>{t('security.deleteLogo')}</li>
        <li>{t('security.deleteOrgs')}</li>
        <li>{t('security.deleteMember')}</li>
      </ul>
      <p class="muted">{t('security.deleteKept')}</p>
      <form onSubmit={ask} noValidate>
        <FormError error={form.errors['_form']} />
        <Field label={t('security.deletePassword')} name="password" type="password" autoComplete="current-password" value={form.values.password} onValue={(v) => form.set('password', v)} error={form.errors['password']} />
        <div class="actions">
          <button type="submit" class="button button--danger" disabled={busy}>
            {t('security.deleteSubmit')}
          </button>
        </div>
      </form>
      <ConfirmDialog open={asking} message={t('security.deleteConfirm')} confirmLabel={t('security.deleteSubmit')} onConfirm={() => void remove()} onCancel={() => setAsking(false)} />
    </section>
  );
};

/** The organizations the API named in its refusal (`organizations: [{ name }]`), quoted. */
