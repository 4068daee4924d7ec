import type { Account } from '../core/data/accounts';
import { ConflictError } from '../core/errors';
import { approvalOutcomeMail } from './approval-mail';
import { mayApprove, pendingSend, senderAddress, tell } from './approvals';
import { moveSend, type SendRecord } from './data/sends';
import { run } from './sending';
import './rule-texts';

/**
 * An admin approves a send waiting for approval (src/content/approvals.ts): an immediate one goes
 * out now (pendingApproval → sending, the same conditional move every send makes), a scheduled one
 * keeps its time. Apart from approvals.ts so that reading and rejecting do not bundle WeChat's client.
 */
export const approveSend = async (account: Account, sendId: string, approver: { userId: string; username: string }): Promise<SendRecord> => {
  const send = await pendingSend(account, sendId);
  await mayApprove(send, approver.userId);
  const approval = { state: 'approved' as const, by: approver, at: new Date().toISOString() };
  const moved =
    send.status === 'pendingApproval'
      ? await moveSend(account.appid, sendId, ['pendingApproval'], 'sending', { approval })
      : await moveSend(account.appid, sendId, ['scheduled'], 'scheduled', { approval });
  if (!moved) throw new ConflictError('sendId: the send changed meanwhile (cancelled, rejected or approved by someone else): reload', { rule: 'approval.notPending' });
  const done = moved.status === 'sending' ? await run(account, moved, send.spent ?? []) : moved;
  const to = await senderAddress(send);
  if (to && send.by.userId !== approver.userId) await tell([approvalOutcomeMail(to.email, done, 'approved', undefined, to.language)]);
  return done;
};

