import { getAccount } from '../core/data/accounts';
import { getMembership } from '../core/data/organizations';
import { roleAllows, type Role } from '../core/route';
import { logger } from '../core/http/logger';
import { stopBy, type Stop } from '../core/messages/stops';
import { getDraftRecord, unlockDraft } from './data/drafts';
import { moveSend, refundQuota, type SendRecord } from './data/sends';
import { run } from './sending';
import { gateOfFiring } from './approvals';

/**
 * A scheduled send's time has come (the one-time schedule invokes this with {appid, sendId}). The
 * schedule may fire twice, or while the send is being cancelled: only the conditional change
 * scheduled → sending lets one firing through, so it sends at most once. Before that, the firing
 * checks again what may have changed since it was scheduled: the sender's right to send (their
 * role now), a pending approval (issue 28's hook), the account, and the draft.
 */
export type FireOutcome = 'sent' | 'not-scheduled' | 'refused' | 'failed';

/**
 * Issue 28 (approvals) plugs in here: 'approved' lets the send go; anything else stops it with the
 * reason, and the sender is told (the history shows it; src/content/approvals.ts mails them).
 */
export const approvalOf = (send: SendRecord): Promise<{ approved: true } | { approved: false; reason: string; stop: Stop }> => gateOfFiring(send);

const stop = async (send: SendRecord, reason: string, why: Stop): Promise<FireOutcome> => {
  const stopped = await moveSend(send.appid, send.sendId, ['scheduled'], 'failed', { reason, stop: why });
  if (!stopped) return 'not-scheduled';
  if (send.message.type === 'mpnews' && send.message.mediaId) await unlockDraft(send.appid, send.message.mediaId, send.sendId);
  for (const q of send.spent ?? []) await refundQuota(send.appid, q);
  logger.info('scheduled send stopped', { appid: send.appid, sendId: send.sendId, reason });
  return 'refused';
};

export const fireSend = async (send: SendRecord | undefined, neededRole: Role): Promise<FireOutcome> => {
  if (!send || send.status !== 'scheduled') return 'not-scheduled';
  const approval = await approvalOf(send);
  if (!approval.approved) return stop(send, `not sent: ${approval.reason}`, approval.stop);
  const member = await getMembership(send.orgId, send.by.userId);
  if (!member || !roleAllows(member.role, neededRole)) {
    return stop(send, `${send.by.username} may no longer send for this organization (needs the ${neededRole} role)`, stopBy('send.senderRole', { given: send.by.username, need: neededRole }));
  }
  const account = await getAccount(send.appid);
  if (!account || account.status !== 'authorized' || account.orgId !== send.orgId) return stop(send, 'the official account is no longer authorized in this organization', stopBy('send.accountGone'));
  if (send.message.type === 'mpnews') {
    const draft = await getDraftRecord(send.appid, send.message.mediaId!);
    if (!draft || draft.state !== 'draft') return stop(send, `the draft ${send.message.mediaId} is gone from the draft box`, stopBy('send.draftGone', { given: send.titles?.[0] ?? send.message.mediaId! }));
  }
  const claimed = await moveSend(send.appid, send.sendId, ['scheduled'], 'sending');
  if (!claimed) return 'not-scheduled';
  try {
    await run(account, claimed, send.spent ?? []);
    return 'sent';
  } catch (error) {
    // run() recorded the failure on the send; the schedule must not retry a send that went wrong.
    logger.warn('scheduled send failed', { appid: send.appid, sendId: send.sendId, error });
    return 'failed';
  }
};
