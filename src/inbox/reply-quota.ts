/**
 * WeChat's customer-service quota (客服消息下发规则, in force since 2023-06-12; the service and
 * subscription accounts' guide "客服消息介绍", developers.weixin.qq.com/doc/subscription/guide/product/kf/intro.md,
 * and the API page doc/service/api/customer/message/api_sendcustommessage):
 *   a follower's message            → 5 customer-service messages within 48 hours
 *   following, scanning a QR code,
 *   a click / scancode_push /
 *   scancode_waitmsg menu tap        → 3 within 1 minute
 * and "a menu tap triggers the menu rule only: it creates no quota of the message scene". Past the
 * quota WeChat answers 45047 (out of response count limit); with no live quota at all, 45015.
 *
 * What this module decides, where WeChat's page is silent:
 * - Each scene keeps its own quota (the page lists them apart and says a tap does not create the
 *   message one), so a tap inside a message's 48 hours adds its 3 to what is left of the 5.
 * - A new action of a scene starts that scene's quota afresh (5 again after a new message, not 5
 *   more): the quota belongs to the latest action, as WeChat's own replies in its community show
 *   ("用户重新发送一条消息后才可以正常回复").
 * - A send spends the quota that closes first, so the minute's 3 are not left to lapse.
 * Pure: no I/O, the clock passed in.
 */
export type Scene = 'message' | 'event';

export const sceneRules: Readonly<Record<Scene, { limit: number; seconds: number }>> = {
  message: { limit: 5, seconds: 48 * 3600 },
  event: { limit: 3, seconds: 60 },
};

/** Events that open the minute's quota (WeChat spells SCAN and CLICK in capitals; compared lower case). */
const quotaEvents = new Set(['subscribe', 'scan', 'click', 'scancode_push', 'scancode_waitmsg']);

/** One scene's quota: opened by the follower's action at `at` (epoch s), closing at `until`. */
export interface Grant {
  scene: Scene;
  /** What opened it: `message`, or the event as WeChat named it (subscribe, SCAN, CLICK…). */
  by: string;
  at: number;
  until: number;
  limit: number;
  used: number;
}

/** The quota a follower's message or event opens, if any (a VIEW tap, a location report, unfollowing: none). */
export const grantOf = (message: { msgType: string; event?: string | undefined; createTime: number }): Grant | undefined => {
  const scene: Scene | undefined =
    message.msgType !== 'event' ? 'message' : quotaEvents.has((message.event ?? '').toLowerCase()) ? 'event' : undefined;
  if (!scene || !Number.isSafeInteger(message.createTime) || message.createTime <= 0) return undefined;
  const rule = sceneRules[scene];
  return { scene, by: scene === 'message' ? 'message' : (message.event ?? ''), at: message.createTime, until: message.createTime + rule.seconds, limit: rule.limit, used: 0 };
};

export const isLive = (grant: Grant, now: number): boolean => now <= grant.until;
export const left = (grant: Grant): number => Math.max(0, grant.limit - grant.used);

/** The newest grant of each scene among these (an older one of a scene is superseded). */
export const newestByScene = (grants: readonly Grant[]): Grant[] => {
  const newest = new Map<Scene, Grant>();
  for (const g of grants) if ((newest.get(g.scene)?.at ?? -1) < g.at) newest.set(g.scene, g);
  return [...newest.values()];
};

/** The grant a send spends: a live one with some left, the one closing first. */
export const grantToSpend = (grants: readonly Grant[], now: number): Grant | undefined =>
  newestByScene(grants)
    .filter((g) => isLive(g, now) && left(g) > 0)
    .sort((a, b) => a.until - b.until)[0];

/** Retention shorter than the 48 hours: an empty inbox proves nothing about the window. */
export const recordProvesClosed = (retentionDays: number): boolean => retentionDays * 86_400 >= sceneRules.message.seconds;

export interface GrantView {
  scene: Scene;
  by: string;
  at: number;
  until: number;
  limit: number;
  used: number;
  left: number;
}

/**
 * What the inbox shows and answers: `open` with what is left (and, for the 48-hour window's
 * callers, `lastMessageAt`/`closesAt` of the quota that lasts longest), `usedUp` (live, nothing
 * left: it opens again only when the follower writes, follows, scans or taps again — no time
 * renews it, so `resetsAt` is null), `closed`, or `unknown` (nothing recorded and a retention too
 * short to prove anything: WeChat decides).
 */
export type QuotaState =
  | { state: 'open'; left: number; lastMessageAt: number; closesAt: number; grants: GrantView[] }
  | { state: 'usedUp'; rule: Scene; resetsAt: null; grants: GrantView[] }
  | { state: 'closed' }
  | { state: 'unknown' };

const view = (g: Grant): GrantView => ({ scene: g.scene, by: g.by, at: g.at, until: g.until, limit: g.limit, used: Math.min(g.used, g.limit), left: left(g) });

export const quotaState = (grants: readonly Grant[], now: number, provesClosed: boolean): QuotaState => {
  const live = newestByScene(grants).filter((g) => isLive(g, now)).sort((a, b) => a.until - b.until);
  if (live.length === 0) return provesClosed ? { state: 'closed' } : { state: 'unknown' };
  const open = live.filter((g) => left(g) > 0);
  if (open.length === 0) {
    // Named by the quota that lasts longest: the one the owner would wait on.
    return { state: 'usedUp', rule: live[live.length - 1]!.scene, resetsAt: null, grants: live.map(view) };
  }
  const longest = open[open.length - 1]!;
  return { state: 'open', left: open.reduce((n, g) => n + left(g), 0), lastMessageAt: longest.at, closesAt: longest.until, grants: live.map(view) };
};
