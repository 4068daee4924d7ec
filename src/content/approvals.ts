import type { Account } from '../core/data/accounts';
import { listAccountsOfOrganization } from '../core/data/accounts';
import { ItemNotFound } from '../core/data/errors';
import { getMembership, getOrganization, listMembers } from '../core/data/organizations';
import { getSuspension } from '../core/data/suspensions';
import { ConflictError, ForbiddenError } from '../core/errors';
import { logger } from '../core/http/logger';
import { stopBy, type Stop } from '../core/messages/stops';
import { sendMail } from '../core/mail/send-mail';
import { approvalOutcomeMail, approvalRequestMail } from './approval-mail';
import { unlockDraft } from './data/drafts';
import { getSend, listSendRecords, moveSend, refundQuota, type SendRecord } from './data/sends';
import type { Sender } from './sending';
import './rule-texts';

/**
 * Approvals (issue 28). An organization may ask that mass sends and publishing wait for an admin's
 * approval (`approvalRequired` on the organization, team.updateSettings). Such a send is written
 * with `approval: {state: 'pending'}`: an immediate one in status `pendingApproval` (等待审批), a
 * scheduled one `scheduled` as usual. Owners and admins get a mail and find it in
 * `content.pendingApprovals` (for the 首页). Approved: an immediate send goes out at once, a
 * scheduled one at its time; rejected: status `rejected`, nothing goes out, the draft and quotas are
 * given back. A scheduled send still pending when it fires is not sent, and the sender gets a mail.
 *
 * Who approves: an owner or admin other than the sender — unless they are the organization's only
 * owner/admin, who may approve their own (else nobody could). Anyone who may approve may reject.
 */
export const senderOf = async (session: { userId: string; username: string; org: { orgId: string } }): Promise<Sender> => {
  const org = await getOrganization(session.org.orgId);
  return { userId: session.userId, username: session.username, orgId: session.org.orgId, ...(org?.approvalRequired ? { needsApproval: true } : {}) };
};

const approvers = async (orgId: string) => (await listMembers(orgId)).filter((m) => m.role === 'owner' || m.role === 'admin');

export const tell = async (mails: Parameters<typeof sendMail>[0][]) => {
  for (const mail of mails) await sendMail(mail).catch((error: unknown) => logger.warn('approval mail not sent', { to: mail.to, error: error as Error }));
};

/** After a send was written: when it waits for approval, every owner and admin who may approve it gets a mail. */
export const announceIfPending = async (send: SendRecord): Promise<void> => {
  if (send.approval?.state !== 'pending') return;
  const all = await approvers(send.orgId);
  const others = all.filter((m) => m.userId !== send.by.userId);
  await tell((others.length ? others : all).map((m) => approvalRequestMail(m.email, send, m.language)));
};

export const pendingSend = async (account: Account, sendId: string): Promise<SendRecord> => {
  const send = await getSend(account.appid, sendId);
  if (!send) throw new ItemNotFound(`sendId: no send ${sendId} of this account`);
  if (send.approval?.state !== 'pending' || !['pendingApproval', 'scheduled'].includes(send.status)) {
    throw new ConflictError(`sendId: the send is ${send.status}${send.approval ? ` (approval ${send.approval.state})` : ''}: there is nothing to approve`, { rule: 'approval.notPending' });
  }
  return send;
};

export const mayApprove = async (send: SendRecord, approverId: string): Promise<void> => {
  if (send.by.userId !== approverId) return;
  if ((await approvers(send.orgId)).length > 1) throw new ForbiddenError('sendId: you cannot approve your own send: another owner or admin must', { rule: 'approval.ownSend' });
};

/** Where the sender is mailed, and in which language (their membership's). */
export const senderAddress = async (send: SendRecord) => {
  const member = await getMembership(send.orgId, send.by.userId);
  return member ? { email: member.email, language: member.language ?? ('zh-CN' as const) } : undefined;
};

/**
 * Gives back what a send that will not go out held: its draft and its quotas. A scheduled one's
 * schedule is left to fire: the firing finds it rejected and does nothing (and the schedule deletes
 * itself), so rejecting needs no grant on the scheduler.
 */
const release = async (send: SendRecord) => {
  if (send.message.type === 'mpnews' && send.message.mediaId) await unlockDraft(send.appid, send.message.mediaId, send.sendId);
  for (const q of send.spent ?? []) await refundQuota(send.appid, q);
};

export const rejectSend = async (account: Account, sendId: string, approver: { userId: string; username: string }, reason?: string): Promise<SendRecord> => {
  const send = await pendingSend(account, sendId);
  const approval = { state: 'rejected' as const, by: approver, at: new Date().toISOString(), ...(reason ? { reason } : {}) };
  const moved = await moveSend(account.appid, sendId, ['pendingApproval', 'scheduled'], 'rejected', { approval, ...(reason ? { reason } : {}) });
  if (!moved) throw new ConflictError('sendId: the send changed meanwhile (cancelled, rejected or approved by someone else): reload', { rule: 'approval.notPending' });
  await release(send);
  const to = await senderAddress(send);
  if (to && send.by.userId !== approver.userId) await tell([approvalOutcomeMail(to.email, moved, 'rejected', reason, to.language)]);
  return moved;
};

/** The organization's sends waiting for approval, oldest first (among each account's newest 50 sends). */
export const pendingApprovals = async (orgId: string): Promise<SendRecord[]> => {
  const accounts = (await listAccountsOfOrganization(orgId)).filter((a) => a.status === 'authorized');
  const lists = (await Promise.all(accounts.map((a) => listSendRecords(a.appid, 50)))).map((l) => l.sends);
  return lists
    .flat()
    .filter((s) => s.approval?.state === 'pending' && (s.status === 'pendingApproval' || s.status === 'scheduled'))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
};

/**
 * The firing's gate (src/content/firing.ts `approvalOf`): a scheduled send goes only if approved (or
 * never needed approval) and the platform has not suspended the organization's sends. A send still
 * pending is stopped and its sender told by mail.
 */
export const gateOfFiring = async (send: SendRecord): Promise<{ approved: true } | { approved: false; reason: string; stop: Stop }> => {
  if (await getSuspension(send.orgId)) return { approved: false, reason: "the platform has suspended this organization's sends", stop: stopBy('account.suspended') };
  if (send.approval?.state === 'pending') {
    const to = await senderAddress(send);
    if (to) await tell([approvalOutcomeMail(to.email, send, 'expired', undefined, to.language)]);
    return { approved: false, reason: 'it was still waiting for an admin\'s approval when its time came', stop: stopBy('send.approvalPending') };
  }
  return { approved: true };
};
