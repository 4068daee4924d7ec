import { isServiceAccount, requireFeature } from '../core/capabilities';
import type { Account } from '../core/data/accounts';
import { ItemNotFound } from '../core/data/errors';
import { ConflictError, QuotaUsedUpError, ServiceUnavailableError, ValidationError } from '../core/errors';
import { logger } from '../core/http/logger';
import { stopBy, stopOf } from '../core/messages/stops';
import { alreadySent, sendAll, submitPublish } from '../wechat/api/content';
import { messageOf, wechatMessageOf, type MassContent } from './mass-message';
import { WechatApiError } from '../wechat/api-error';
import { nextChinaMidnight } from '../wechat/error-table';
import { draftFreeCheck, getDraftRecord, lockDraftWrite, markDraftGone, unlockDraft } from './data/drafts';
import { createSend, moveSend, newSendId, refundQuota, rememberJob, type QuotaSpend, type StoredOutcome, type SendMessage, type SendRecord } from './data/sends';
import { scheduleSend } from './schedules';
import './rule-texts';

/**
 * 发表 (freepublish: on the account's page, not pushed) and 群发 (message/mass/sendall: pushed to
 * followers), now or at a time. Each is one send in our history (data/sends.ts) whose status only
 * moves by conditional changes: scheduled → sending (the firing, once) → submitted (WeChat took the
 * job) → published / sent / failed (its push, or polling); scheduled → cancelled.
 * Limits are refused before WeChat (SPEC §WeChat rules): a subscription account sends once a day
 * (42910 massSendDaily), 60 sends a minute (42910 massSendPerMinute), an unverified account cannot
 * mass-send (40302). A mass send's clientmsgid is derived from its sendId, so WeChat sends it once
 * however often it is tried within 24 hours (45065 answers the earlier msg_id).
 */
export interface Sender {
  userId: string;
  username: string;
  orgId: string;
  /** The organization asks for an admin's approval (src/content/approvals.ts): the send waits for it. */
  needsApproval?: boolean;
}

/** Scheduled sends: 5 minutes to 30 days ahead. */
export const minLeadMs = 5 * 60_000;
export const maxLeadMs = 30 * 86_400_000;

const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const chinaHour = (ms: number) => new Date(ms + 8 * 3600_000).getUTCHours();

export const clientMsgIdOf = (sendId: string) => `sz-${sendId}`;

const sendTime = (sendAt: string | undefined, now: number): number | undefined => {
  if (sendAt === undefined) return undefined;
  const at = Date.parse(sendAt);
  if (at < now + minLeadMs) throw new ValidationError('sendAt: must be at least 5 minutes ahead');
  if (at > now + maxLeadMs) throw new ValidationError('sendAt: must be at most 30 days ahead');
  return at;
};

/** The mass-send limits a send spends, in the China day (and minute) it goes out. */
const massQuotas = (account: Account, at: number, scheduled: boolean): QuotaSpend[] => {
  const ttl = Math.floor(at / 1000) + 2 * 86_400;
  const quotas: QuotaSpend[] = [];
  if (account.serviceType !== undefined && !isServiceAccount(account.serviceType)) quotas.push({ rule: 'massSendDaily', window: chinaDay(at), limit: 1, ttl });
  if (!scheduled) quotas.push({ rule: 'massSendPerMinute', window: new Date(at).toISOString().slice(0, 16), limit: 60, ttl });
  return quotas;
};

const quotaError = (quota: QuotaSpend, at: number) =>
  quota.rule === 'massSendDaily'
    ? new QuotaUsedUpError(`a subscription account (订阅号) mass-sends once a day; it has sent (or scheduled) one for ${quota.window} (China time)`, { rule: 'massSendDaily', resetsAt: nextChinaMidnight(new Date(at)) })
    : new QuotaUsedUpError('at most 60 mass sends a minute (WeChat\'s limit); try again in a minute', { rule: 'massSendPerMinute', resetsAt: new Date(Math.floor(at / 60_000 + 1) * 60_000).toISOString() });

/** What to know before a send goes (keys: the console words them; the contract describes them). */
export type SendWarning = 'massSendMonthlyToAll' | 'massProtectionAtNight';

const warningsOf = (account: Account, kind: 'publish' | 'mass', toAll: boolean, at: number): SendWarning[] => {
  const warnings: SendWarning[] = [];
  // A service account sends to all at most 4 times a month, the back office's sends included: we cannot count those.
  if (kind === 'mass' && toAll && account.serviceType !== undefined && isServiceAccount(account.serviceType)) warnings.push('massSendMonthlyToAll');
  // API群发保护: a send to all waits up to 30 minutes for an administrator's confirmation in WeChat, then fails.
  if (kind === 'mass' && toAll && (chinaHour(at) >= 22 || chinaHour(at) < 8)) warnings.push('massProtectionAtNight');
  return warnings;
};

interface Start {
  kind: 'publish' | 'mass';
  message: SendMessage;
  target?: SendRecord['target'];
  sendAt?: string;
  requestId?: string;
}

const start = async (account: Account, sender: Sender, spec: Start): Promise<SendRecord> => {
  const now = Date.now();
  const at = sendTime(spec.sendAt, now);
  const draftId = spec.message.type === 'mpnews' ? spec.message.mediaId! : undefined;
  let titles: string[] | undefined;
  if (draftId) {
    const draft = await getDraftRecord(account.appid, draftId);
    if (!draft || draft.state !== 'draft') throw new ItemNotFound(`mediaId: no draft ${draftId} in this account's draft box`);
    if (draft.lockedBy) throw new ValidationError(`mediaId: the draft is held by the scheduled send ${draft.lockedBy}`);
    titles = draft.articles.map((a) => a.title);
  }
  const sendId = newSendId(now);
  const stamp = new Date(now).toISOString();
  const quotas = spec.kind === 'mass' ? massQuotas(account, at ?? now, at !== undefined) : [];
  const warnings = warningsOf(account, spec.kind, Boolean(spec.target && 'toAll' in spec.target), at ?? now);
  const send: SendRecord = {
    appid: account.appid,
    sendId,
    kind: spec.kind,
    // Waiting for approval: an immediate send goes out when approved; a scheduled one keeps its time.
    status: at !== undefined ? 'scheduled' : sender.needsApproval ? 'pendingApproval' : 'sending',
    ...(sender.needsApproval ? { approval: { state: 'pending' as const } } : {}),
    message: spec.message,
    ...(spec.target ? { target: spec.target } : {}),
    ...(titles ? { titles } : {}),
    ...(at !== undefined ? { sendAt: new Date(at).toISOString() } : {}),
    createdAt: stamp,
    updatedAt: stamp,
    by: { userId: sender.userId, username: sender.username },
    orgId: sender.orgId,
    ...(warnings.length ? { warnings } : {}),
    ...(quotas.length ? { spent: quotas } : {}),
  };
  const draftHold = draftId ? [at === undefined && !sender.needsApproval ? draftFreeCheck(account.appid, draftId) : lockDraftWrite(account.appid, draftId, sendId)] : [];
  const written = await createSend(send, { ...(spec.requestId ? { requestId: spec.requestId } : {}), quotas, also: draftHold });
  if ('quota' in written) throw quotaError(written.quota, at ?? now);
  if ('existing' in written) {
    const earlier = written.existing;
    // The same request again: a send whose WeChat answer was lost is tried again under its own
    // clientmsgid (WeChat de-duplicates it); anything else is answered as it stands.
    if (earlier.status === 'failed' && earlier.retryable) {
      const again = await moveSend(account.appid, earlier.sendId, ['failed'], 'sending', { clear: ['retryable', 'reason', 'stop'] });
      if (again) return run(account, again, []);
    }
    return earlier;
  }
  if (at === undefined) return sender.needsApproval ? written.created : run(account, written.created, quotas);
  try {
    await scheduleSend(account.appid, sendId, new Date(at));
  } catch (error) {
    await moveSend(account.appid, sendId, ['scheduled'], 'failed', { reason: 'the schedule could not be made', stop: stopBy('send.scheduleFailed') });
    if (draftId) await unlockDraft(account.appid, draftId, sendId);
    for (const q of quotas) await refundQuota(account.appid, q);
    throw error;
  }
  return written.created;
};

/** The job's outcome came before we knew the job (kept on its key): the send takes it at once. */
const settle = async (send: SendRecord, jobId: string, outcome: StoredOutcome): Promise<SendRecord> => {
  const moved = await moveSend(send.appid, send.sendId, ['sending'], outcome.status, { ...outcome.change, jobId });
  if (moved?.status === 'published' && send.message.mediaId) await markDraftGone(send.appid, send.message.mediaId, 'published', send.sendId);
  return moved ?? { ...send, status: outcome.status, jobId };
};

/** Refused by WeChat for certain (not a lost answer): nothing went out. */
const definiteRefusal = (error: unknown): error is WechatApiError => error instanceof WechatApiError && error.wxerrcode !== -1;

/** WeChat's 40007 for the draft a publish or mass send named: deleted in WeChat's back office meanwhile. */
const draftGone = (error: unknown): boolean => definiteRefusal(error) && error.wxerrcode === 40007;

/** Hands a send in status `sending` to WeChat: it becomes submitted (WeChat took the job) or failed. */
export const run = async (account: Account, send: SendRecord, quotas: QuotaSpend[]): Promise<SendRecord> => {
  const { appid, sendId } = send;
  const draftId = send.message.type === 'mpnews' ? send.message.mediaId : undefined;
  try {
    if (send.kind === 'publish') {
      const { publish_id } = await submitPublish(account, draftId!);
      const early = await rememberJob(appid, 'publish', publish_id, sendId);
      if (early) return settle(send, publish_id, early);
      // If no push comes, the poller asks freepublish/get from a minute on.
      const moved = await moveSend(appid, sendId, ['sending'], 'submitted', { jobId: publish_id, pendingUntil: new Date(Date.now() + 60_000).toISOString() });
      return moved ?? { ...send, status: 'submitted', jobId: publish_id };
    }
    requireFeature(account, 'massSend');
    const filter = send.target && 'tagId' in send.target ? { is_to_all: false as const, tag_id: send.target.tagId } : { is_to_all: true as const };
    const answer = await sendAll(account, filter, wechatMessageOf(send.message), clientMsgIdOf(sendId));
    const msgId = String(answer.msg_id ?? '');
    if (answer.errcode === alreadySent) logger.info('mass send already sent under its clientmsgid: the earlier msg_id is ours', { appid, sendId, msgId });
    const early = await rememberJob(appid, 'mass', msgId, sendId);
    if (draftId) await markDraftGone(appid, draftId, 'sent', sendId);
    if (early) return settle(send, msgId, early);
    const moved = await moveSend(appid, sendId, ['sending'], 'submitted', { jobId: msgId });
    return moved ?? { ...send, status: 'submitted', jobId: msgId };
  } catch (error) {
    if (definiteRefusal(error) || !(error instanceof WechatApiError)) {
      await moveSend(appid, sendId, ['sending'], 'failed', { reason: error instanceof Error ? error.message : String(error), stop: draftId && draftGone(error) ? stopBy('send.draftGone', { given: send.titles?.[0] ?? draftId }) : stopOf(error) });
      if (draftId) await unlockDraft(appid, draftId, sendId);
      if (definiteRefusal(error)) for (const q of quotas) await refundQuota(appid, q);
      throw error;
    }
    // WeChat's answer was lost (-1, a timeout, a 5xx): it may have sent. A mass send is tried again
    // by the same request (its requestId) under the same clientmsgid, which WeChat keeps to once;
    // freepublish has no such key, so a publish is not retried blindly: the owner checks first.
    if (send.kind === 'publish') {
      await moveSend(appid, sendId, ['sending'], 'failed', { reason: `WeChat did not answer (${error.wxerrmsg}); it may have published: check the account's published articles before publishing again`, stop: stopBy('publish.unanswered') });
      if (draftId) await unlockDraft(appid, draftId, sendId);
      throw error;
    }
    await moveSend(appid, sendId, ['sending'], 'failed', { reason: `WeChat did not answer (${error.wxerrmsg}); send the same request again to finish it`, stop: stopBy('mass.unanswered'), retryable: true });
    throw new ServiceUnavailableError(`WeChat did not answer; the send ${sendId} is kept: repeat the same request (same requestId) to finish it, it will not go out twice`, 5, { cause: error });
  }
};

export const startPublish = (account: Account, sender: Sender, input: { mediaId: string; sendAt?: string; requestId?: string }) =>
  start(account, sender, { kind: 'publish', message: { type: 'mpnews', mediaId: input.mediaId }, ...(input.sendAt ? { sendAt: input.sendAt } : {}), ...(input.requestId ? { requestId: input.requestId } : {}) });

export const startMassSend = (account: Account, sender: Sender, input: MassContent & { tagId?: number; toAll: boolean; sendAt?: string; requestId?: string }) => {
  requireFeature(account, 'massSend');
  return start(account, sender, {
    kind: 'mass',
    message: messageOf(input),
    target: input.toAll ? { toAll: true } : { tagId: input.tagId! },
    ...(input.sendAt ? { sendAt: input.sendAt } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
  });
};

