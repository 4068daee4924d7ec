import { randomUUID } from 'node:crypto';
import { getAccount } from '../core/data/accounts';
import { logger } from '../core/http/logger';
import {
  claimLateReply,
  completeSideEffect,
  dropLease,
  inboxKey,
  leaseSideEffect,
  recordOnce,
  toItem,
  type InboxAnswer,
  type InboxKey,
} from '../inbox/data/messages';
import { AppError, ErrorCode } from '../core/errors';
import { sendCounted, takeOne } from '../inbox/reply-allowance';
import { grantOf } from '../inbox/reply-quota';
import { emptyRuleSet } from '../replies/matcher';
import type { Reply } from '../replies/reply-schema';
import { replySummary } from '../replies/reply-xml';
import { callAsAccount } from '../wechat/api/account-client';
import { WechatApiError } from '../wechat/api-error';
import { WechatErrorCode } from '../wechat/error-codes';
import { queryAuth } from '../wechat/api/component';
import { sendCustomText } from '../wechat/api/custom-message';
import { parsePushText } from '../wechat/inbound';
import { field } from '../wechat/xml';
import { claimQueryAuth, releaseQueryAuth, storeQueryAuth } from './data/release-test-auth';
import { decide, inboxMessageOf, ruleFor } from './decide';
import { retentionOf, targetOf } from './handle-callback';
import type { CallbackJob } from './jobs';
import { messageKey } from './message-key';
import { rulesFor } from './rule-cache';

/**
 * The queue worker's work. Each side effect is leased on its inbox item first (one worker at a
 * time; state pending → done), so it happens once across the queue's redeliveries and failures:
 * a failure before the send gives the lease back and the queue delivers again (dead-letter queue
 * after maxReceiveCount); the only window for a second send is a worker dying between WeChat's
 * "ok" and the completing write, after its lease expires.
 */
const leaseSeconds = 60;

/** Runs `send` once for the pending item at `key`; a delivery finding it done does nothing. */
const once = async (key: InboxKey, send: () => Promise<InboxAnswer>): Promise<void> => {
  const lease = await leaseSideEffect(key, leaseSeconds);
  if (lease === 'done') return;
  if (lease === 'busy') throw new Error('another worker holds this side effect; retry later');
  let answer: InboxAnswer;
  try {
    answer = await send();
  } catch (error) {
    await dropLease(key).catch(() => undefined);
    throw error;
  }
  await completeSideEffect(key, answer);
};

/**
 * A passive reply as a customer-service message (cgi-bin/message/custom/send). WeChat's custom
 * news carries one article, the same as a passive reply to a follower's message.
 */
export const customMessageOf = (reply: Reply, openid: string): Record<string, unknown> => {
  switch (reply.type) {
    case 'text':
      return { touser: openid, msgtype: 'text', text: { content: reply.content.content } };
    case 'image':
    case 'voice':
      return { touser: openid, msgtype: reply.type, [reply.type]: { media_id: reply.content.mediaId } };
    case 'video':
      return { touser: openid, msgtype: 'video', video: { media_id: reply.content.mediaId, title: reply.content.title, description: reply.content.description } };
    case 'music':
      return {
        touser: openid,
        msgtype: 'music',
        music: {
          title: reply.content.title,
          description: reply.content.description,
          musicurl: reply.content.musicUrl,
          hqmusicurl: reply.content.hqMusicUrl ?? reply.content.musicUrl,
          thumb_media_id: reply.content.thumbMediaId,
        },
      };
    case 'multitext': {
      const [first] = reply.content.articles;
      return { touser: openid, msgtype: 'news', news: { articles: [{ title: first!.title, description: first!.description, url: first!.url, picurl: first!.picurl }] } };
    }
  }
};

export const runCallbackJob = async (job: CallbackJob): Promise<void> => {
  if (job.kind === 'queryAuthCode') {
    await once(job.key, () => answerQueryAuthCode(job));
    return;
  }
  await runLateReply(job);
};

/** How long one worker may hold a code's exchange (api_query_auth) before another may try. */
const queryAuthLeaseMs = 30_000;

/** WeChat's answers for a code that will never work: unknown (61009), expired or already used (61010). */
const refusedCodes: ReadonlySet<number> = new Set([WechatErrorCode.authCodeInvalid, WechatErrorCode.authCodeExpired]);

/**
 * The release test's QUERY_AUTH_CODE: api_query_auth with the code, then `<code>_from_api` as a
 * customer-service message with the token it answered. The code is single-use, so that token is
 * kept (release-test-auth.ts): a send that fails and is retried reuses it, and concurrent
 * deliveries never both spend the code. A code WeChat refuses is final: recorded, not retried.
 */
const answerQueryAuthCode = async (job: Extract<CallbackJob, { kind: 'queryAuthCode' }>): Promise<InboxAnswer> => {
  const content = `${job.authCode}_from_api`;
  const owner = randomUUID();
  const claim = await claimQueryAuth(job.appid, job.authCode, owner, Date.now(), queryAuthLeaseMs);
  if (claim.kind === 'busy') throw new Error('another worker is exchanging this authorization code; retry later');
  if (claim.kind === 'spent') return { kind: 'none', summary: 'authorization code already spent and its token expired: nothing sent' };
  let token: string;
  if (claim.kind === 'stored') {
    token = claim.token;
  } else {
    let auth: Awaited<ReturnType<typeof queryAuth>>;
    try {
      auth = await queryAuth(job.authCode);
    } catch (error) {
      await releaseQueryAuth(job.appid, job.authCode, owner).catch(() => undefined);
      if (error instanceof WechatApiError && refusedCodes.has(error.wxerrcode)) {
        logger.warn('release test: WeChat refused the authorization code', { appid: job.appid, wxerrcode: error.wxerrcode });
        return { kind: 'none', summary: `authorization code refused by WeChat (${error.wxerrcode} ${error.wxerrmsg}): nothing sent` };
      }
      throw error;
    }
    token = auth.authorizer_access_token;
    // The code is spent whatever happens now: a failed write must not also lose this send.
    await storeQueryAuth(job.appid, job.authCode, token, Date.now() + auth.expires_in * 1000).catch((error: unknown) =>
      logger.warn('release test: could not keep the token api_query_auth answered', { appid: job.appid, error }),
    );
  }
  await sendCustomText(token, job.openid, content);
  return { kind: 'custom', replyType: 'text', summary: content };
};

/** A reply that missed WeChat's 5 s: decided again here and sent as a customer-service message. */
const runLateReply = async (job: Extract<CallbackJob, { kind: 'lateReply' }>): Promise<void> => {
  const message = parsePushText(job.message);
  const account = await getAccount(job.appid);
  const target = await targetOf(job.appid, account);
  if (account && account.status !== 'authorized' && !target.releaseTest) return;
  const rules = account ? await rulesFor(job.appid, account.rulesVersion ?? '') : emptyRuleSet;
  const decision = decide(message, rules, { releaseTest: target.releaseTest, hasAccount: account !== undefined, now: Math.floor(Date.now() / 1000) });
  const record = inboxMessageOf(job.appid, message);
  const retention = retentionOf(account);
  const key = inboxKey(job.appid, retention, record.createTime, messageKey(message));

  if (decision.kind === 'queryAuthCode') {
    const stored = await recordOnce(toItem(key, record, decision.answer, 'pending', retention, job.receivedAt));
    if (stored?.state === 'done') return;
    await runCallbackJob({ kind: 'queryAuthCode', appid: job.appid, key, openid: record.openid, authCode: decision.authCode });
    return;
  }
  const reply = ruleFor(message, rules).rule?.reply;
  if (decision.kind === 'none' || !account || !reply) {
    await recordOnce(toItem(key, record, { kind: 'none' }, 'done', retention, job.receivedAt));
    return;
  }
  const answer: InboxAnswer = { kind: 'custom', replyType: reply.type, summary: replySummary(reply, 1) };
  if ((await claimLateReply(toItem(key, record, answer, 'pending', retention, job.receivedAt), answer)) === 'done') return;
  const openid = field(message, 'FromUserName');
  await once(key, async () => {
    // A customer-service message like any other: it spends the follower's quota (the message it
    // answers opened it, known here even before the record stream has fed it), and a refusal —
    // ours before WeChat or WeChat's 45047/45015 — is final, not retried.
    try {
      const taken = await takeOne(job.appid, openid, retention, grantOf(record));
      await sendCounted(taken, () => callAsAccount(account, { path: 'cgi-bin/message/custom/send', json: customMessageOf(reply, openid) }));
    } catch (error) {
      if (!(error instanceof AppError) || (error.errcode !== ErrorCode.quotaUsedUp && error.errcode !== ErrorCode.replyWindowClosed)) throw error;
      logger.warn('late reply not sent: no customer-service quota left', { appid: job.appid, errcode: error.errcode });
      return { kind: 'none', replyType: reply.type, summary: `not sent (${error.errcode}): ${answer.summary ?? ''}`.trim() };
    }
    return answer;
  });
};
