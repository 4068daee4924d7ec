import { useEffect, useId, useState } from 'preact/hooks';
import { call } from '../api';
import type { Output } from '../contract';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { useForm } from '../form';
import { t } from '../i18n';
import { InviteInput } from '../../../src/team/inputs';
import type { PageProps } from './types';

type Member = Output<'team.members'>['members'][number];
type Role = Member['role'];
const roleList: Role[] = ['owner', 'admin', 'editor', 'operator', 'viewer'];

/**
 * The organization's members (成员, under 设置与开发). Everyone sees the list; only an owner sees
 * the controls (role changes, remove, invite): the API refuses them to others with 40301 anyway.
 */
export const MembersPage = ({ profile, organization }: PageProps) => {
  const [members, setMembers] = useState<Member[]>();
  const [loadError, setLoadError] = useState<string>();
  const [removing, setRemoving] = useState<Member>();
  const form = useForm({ email: '', role: 'editor' as Role });
  const isOwner = organization?.role === 'owner';
  const roleId = useId();

  const load = () =>
    call('team.members', {})
      .then(({ members }) => setMembers(members))
      .catch((e: Error) => setLoadError(e.message));
  useEffect(() => void load(), [organization?.orgId]);

  const changeRole = async (member: Member, role: Role) => {
    try {
      await call('team.updateMember', { userId: member.userId, role });
      toast(t('members.roleChanged', { username: member.username, role: t(`role.${role}`) }));
    } catch (error) {
      toast((error as Error).message);
    }
    await load();
  };

  const remove = async (member: Member) => {
    setRemoving(undefined);
    try {
      await call('team.removeMember', { userId: member.userId });
      toast(t('members.removed', { username: member.username }));
    } catch (error) {
      toast((error as Error).message);
    }
    await load();
  };

  const invite = form.submit(async () => {
    if (!form.check(InviteInput)) return;
    await call('team.invite', { email: form.values.email.trim(), role: form.values.role });
    toast(t('members.invited', { email: form.values.email.trim() }));
    form.setValues({ email: '', role: form.values.role });
  });

  if (loadError) return <Alert kind="error">{loadError}</Alert>;
  if (!members) return <p class="loading">{t('common.loading')}</p>;
  return (
    <div class="page">
      <h1>{t('members.title')}</h1>
      <p class="hint">{t('members.hint')}</p>
      <section class="card">
        <table class="table">
          <thead>
            <tr>
              <th>{t('members.username')}</th>
              <th>{t('members.email')}</th>
              <th>{t('members.role')}</th>
              <th>{t('members.joinedAt')}</th>
              {isOwner && <th>{t('members.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.username}
                  {m.userId === profile?.user.id && t('members.you')}
                </td>
                <td>{m.email}</td>
                <td>
                  {isOwner ? (
                    <select aria-label={`${t('members.role')} ${m.username}`} value={m.role} onChange={(e) => void changeRole(m, (e.target as HTMLSelectElement).value as Role)}>
                      {roleList.map((r) => (
                        <option value={r} key={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`role.${m.role}`)
                  )}
                </td>
                <td>{new Date(m.joinedAt).toLocaleDateString()}</td>
                {isOwner && (
                  <td>
                    <button type="button" class="button button--ghost" onClick={() => setRemoving(m)}>
                      {t('members.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {isOwner && (
        <section class="card">
          <h2>{t('members.invite')}</h2>
          <form onSubmit={invite} noValidate>
            <FormError error={form.errors['_form']} />
            <Field label={t('members.inviteEmail')} name="email" type="email" value={form.values.email} onValue={(v) => form.set('email', v)} error={form.errors['email']} />
            <div class="field">
              <label for={roleId}>{t('members.inviteRole')}</label>
              <select id={roleId} name="role" value={form.values.role} onChange={(e) => form.set('role', (e.target as HTMLSelectElement).value as Role)}>
                {roleList.map((r) => (
                  <option value={r} key={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <button class="button button--primary" type="submit" disabled={form.busy}>
              {t('members.inviteSubmit')}
            </button>
          </form>
        </section>
      )}
      <ConfirmDialog
        open={removing !== undefined}
        message={removing ? t('members.removeConfirm', { username: removing.username }) : ''}
        confirmLabel={t('members.remove')}
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(undefined)}
      />
    </div>
  );
};
