import { epochSeconds } from '../core/data/client';
import { logger } from '../core/http/logger';
import { WechatApiError } from '../wechat/api-error';
import { WechatCustomServiceCode } from '../wechat/error-codes';
import { QuotaUsedUpError, ReplyWindowClosedError, ServiceUnavailableError } from '../core/errors';
import { newestOfKinds } from './data/inbox-queries';
import { grantAttribute, readQuota, refundGrant, settleGrants, spendGrant } from './data/reply-quota';
import { grantOf, grantToSpend, isLive, newestByScene, quotaState, recordProvesClosed, sceneRules, type Grant, type QuotaState, type Scene } from './reply-quota';

/**
 * A follower's customer-service quota as the inbox and the callback queue use it: read from the
 * quota item the record stream feeds, completed by what the inbox (or the message in hand) shows
 * that the feed has not written yet (it lags the callback by a moment), and spent one send at a
 * time with a conditional write before WeChat is called.
 */
interface Known {
  grants: Grant[];
  /** Grants the item holds (the rest are known from the inbox or the message only). */
  stored: Set<string>;
  provesClosed: boolean;
}

const known = async (appid: string, openid: string, retentionDays: number, now: number, extra?: Grant): Promise<Known> => {
  const [stored, inbox] = await Promise.all([
    readQuota(appid, openid),
    retentionDays > 0 ? newestOfKinds<Scene>(appid, openid, now - sceneRules.message.seconds, (m) => grantOf(m)?.scene, 2) : undefined,
  ]);
  const byAttribute = new Map<string, Grant>(stored.grants.map((g) => [grantAttribute(g), g]));
  const seen = [...(inbox?.values() ?? [])].map((m) => grantOf(m));
  for (const g of [...seen, extra]) if (g && !byAttribute.has(grantAttribute(g))) byAttribute.set(grantAttribute(g), g);
  return {
    grants: newestByScene([...byAttribute.values()]),
    stored: new Set(stored.grants.map(grantAttribute)),
    provesClosed: stored.exists || recordProvesClosed(retentionDays),
  };
};

/** What the conversation shows: what is left, and until when. */
export const quotaOf = async (appid: string, openid: string, retentionDays: number): Promise<QuotaState> => {
  const now = epochSeconds();
  const k = await known(appid, openid, retentionDays, now);
  return quotaState(k.grants, now, k.provesClosed);
};

export const ruleName = (scene: Scene) => (scene === 'message' ? 'customerServiceAfterMessage' : 'customerServiceAfterEvent');

const closedMessage = (openid: string) =>
  `openid: ${openid} has not written within 48 hours (nor followed, scanned or tapped a menu within the last minute); WeChat accepts customer-service messages only then`;

const usedUpMessage = (openid: string) =>
  `openid: the customer-service messages WeChat allows to ${openid} are used up (5 within 48 hours of a message, 3 within a minute of a follow, scan or menu tap); they open again when the follower writes, follows, scans or taps a menu`;

export const usedUpError = (openid: string, state: Extract<QuotaState, { state: 'usedUp' }>, wechat?: { wxerrcode: number; wxerrmsg: string }) =>
  new QuotaUsedUpError(usedUpMessage(openid), { rule: ruleName(state.rule), resetsAt: null, window: state, ...(wechat ?? {}) });

export const closedError = (openid: string, state: QuotaState, wechat?: { wxerrcode: number; wxerrmsg: string }) =>
  new ReplyWindowClosedError(wechat ? `${closedMessage(openid)} (or has unfollowed)` : closedMessage(openid), wechat ?? { window: state });

/** One send taken from the quota: `grant` undefined when nothing is known (WeChat decides, nothing to count). */
export interface Taken {
  appid: string;
  openid: string;
  grant?: Grant;
  /** The live grants when it was taken (what WeChat's refusal settles). */
  live: Grant[];
  /** The state with this send counted. */
  state: QuotaState;
}

const attempts = 8;

/**
 * Takes one send from the follower's quota, or refuses before WeChat: 40901 when no quota is live,
 * 42910 when it is used up. `extra`: the action the send answers (a queued late reply knows it
 * before the feed may have written it).
 */
export const takeOne = async (appid: string, openid: string, retentionDays: number, extra?: Grant): Promise<Taken> => {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const now = epochSeconds();
    const k = await known(appid, openid, retentionDays, now, extra);
    const state = quotaState(k.grants, now, k.provesClosed);
    if (state.state === 'unknown') return { appid, openid, live: [], state };
    if (state.state === 'closed') throw closedError(openid, state);
    if (state.state === 'usedUp') throw usedUpError(openid, state);
    const grant = grantToSpend(k.grants, now)!;
    if ((await spendGrant(appid, openid, grant, !k.stored.has(grantAttribute(grant)))) === 'spent') {
      const after = k.grants.map((g) => (g === grant ? { ...g, used: g.used + 1 } : g));
      return { appid, openid, grant, live: after.filter((g) => isLive(g, now)), state: quotaState(after, now, true) };
    }
    // Another send took it first, or the feed wrote the grant meanwhile: decide again.
  }
  throw new ServiceUnavailableError(`openid: too many sends to ${openid} at once; try again`);
};

/** The send was not delivered for a reason of WeChat's own: give it back. */
export const giveBack = async (taken: Taken): Promise<void> => {
  if (taken.grant) await refundGrant(taken.appid, taken.openid, taken.grant);
};

/** WeChat refused with its quota codes: write what it knows, so the next send is refused before WeChat. */
export const settle = async (taken: Taken, outcome: 'usedUp' | 'closed'): Promise<QuotaState> => {
  const now = epochSeconds();
  const settled = taken.live.map((g) => (outcome === 'usedUp' ? { ...g, used: g.limit } : { ...g, until: Math.min(g.until, now - 1) }));
  await settleGrants(taken.appid, taken.openid, settled, outcome, now);
  const state = quotaState(settled, now, true);
  return state.state === 'usedUp' ? state : outcome === 'usedUp' ? { state: 'usedUp', rule: 'message', resetsAt: null, grants: [] } : { state: 'closed' };
};

/**
 * A customer-service send counted against the follower's quota (./reply-quota.ts): taken before
 * WeChat is called (refused there with 40901 or 42910), given back when WeChat refuses for a
 * reason of its own, and settled when WeChat answers with its quota codes (45047 → 42910,
 * 45015 → 40901), so the next send is refused before WeChat. Also the callback queue's late
 * replies (src/callback/run-job.ts).
 */
export const sendCounted = async (taken: Taken, send: () => Promise<unknown>): Promise<void> => {
  try {
    await send();
  } catch (error) {
    if (error instanceof WechatApiError && error.wxerrcode === WechatCustomServiceCode.quotaUsedUp) {
      const state = await settle(taken, 'usedUp');
      throw usedUpError(taken.openid, state.state === 'usedUp' ? state : { state: 'usedUp', rule: 'message', resetsAt: null, grants: [] }, { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg });
    }
    if (error instanceof WechatApiError && error.wxerrcode === WechatCustomServiceCode.outOfWindow) {
      const state = await settle(taken, 'closed');
      throw closedError(taken.openid, state, { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg });
    }
    await giveBack(taken).catch((refundError: unknown) => logger.warn('a refused send could not be given back to the quota', { appid: taken.appid, error: refundError }));
    throw error;
  }
};
