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
type Invitation = Output<'team.invitations'>['invitations'][number];
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
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [revoking, setRevoking] = useState<Invitation>();
  const [approvalRequired, setApprovalRequired] = useState<boolean>();
  const form = useForm({ email: '', role: 'editor' as Role });
  const isOwner = organization?.role === 'owner';
  const isAdmin = isOwner || organization?.role === 'admin';
  const roleId = useId();

  const load = () =>
    Promise.all([
      call('team.members', {})
        .then(({ members }) => setMembers(members))
        .catch((e: Error) => setLoadError(e.message)),
      isOwner ? call('team.invitations', {}).then(({ invitations }) => setInvitations(invitations)).catch(() => setInvitations([])) : undefined,
      call('team.settings', {}).then(({ settings }) => setApprovalRequired(settings.approvalRequired)).catch(() => undefined),
    ]);

  const revoke = async (invitation: Invitation) => {
    setRevoking(undefined);
    try {
      await call('team.revokeInvitation', { invitationId: invitation.invitationId });
      toast(t('members.revoked', { email: invitation.email }));
    } catch (error) {
      toast((error as Error).message);
    }
    await load();
  };

  const changeApprovals = async (on: boolean) => {
    try {
      const { settings } = await call('team.updateSettings', { approvalRequired: on });
      setApprovalRequired(settings.approvalRequired);
      toast(t(settings.approvalRequired ? 'members.approvalsOn' : 'members.approvalsOff'));
    } catch (error) {
      toast((error as Error).message);
    }
  };
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
    await load();
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
          <h2>{t('members.pending')}</h2>
          {invitations.length === 0 ? (
            <p class="muted">{t('members.pendingEmpty')}</p>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th>{t('members.email')}</th>
                  <th>{t('members.role')}</th>
                  <th>{t('members.invitedBy')}</th>
                  <th>{t('members.expiresAt')}</th>
                  <th>{t('members.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.invitationId}>
                    <td data-label={t('members.email')}>{i.email}</td>
                    <td data-label={t('members.role')}>{t(`role.${i.role}`)}</td>
                    <td data-label={t('members.invitedBy')}>{i.invitedBy}</td>
                    <td data-label={t('members.expiresAt')}>{new Date(i.expiresAt).toLocaleDateString()}</td>
                    <td>
                      <button type="button" class="button button--ghost" aria-label={`${t('members.revoke')} ${i.email}`} onClick={() => setRevoking(i)}>
                        {t('members.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {approvalRequired !== undefined && (
        <section class="card">
          <label class="check">
            <input type="checkbox" checked={approvalRequired} disabled={!isAdmin} onChange={(e) => void changeApprovals((e.target as HTMLInputElement).checked)} />
            {t('members.approvals')}
          </label>
          <p class="hint">{t('members.approvalsHint')}</p>
        </section>
      )}
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
      <ConfirmDialog
        open={revoking !== undefined}
        message={revoking ? t('members.revokeConfirm', { email: revoking.email }) : ''}
        confirmLabel={t('members.revoke')}
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(undefined)}
      />
    </div>
  );
};
