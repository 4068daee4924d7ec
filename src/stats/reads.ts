import type { Account } from '../core/data/accounts';
import { latencyDays, readCollectState, readDays, storedWechatDays } from './data/stats';
import { daysFrom } from './days';
import { latencySummary, mergeHistograms } from './latency-histogram';

/**
 * What the statistics routes answer, read from the account's one statistics partition: a range is
 * one Query per kind of item (a year of days is 366 items). Days nothing happened on are zeros.
 */
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v ?? 0) || 0);

export const followersOf = async (appid: string, from: string, to: string) => {
  const stored = await storedWechatDays(appid, 'user', from, to);
  return daysFrom(from, to).map((day) => {
    const d = stored.get(day);
    if (!d) return { day, collected: false as const };
    const newUser = num(d['newUser']);
    const cancelUser = num(d['cancelUser']);
    return { day, collected: true as const, newUser, cancelUser, netUser: newUser - cancelUser, cumulateUser: num(d['cumulateUser']) };
  });
};

const ownCounters = ['messages', 'events', 'replied', 'texts', 'keywordHits', 'unmatched', 'subscribes', 'unsubscribes', 'taps', 'scans'] as const;

type Latency = ReturnType<typeof latencySummary>;

/** Each day's counts with the callback's latency, and the latency histograms they came from (the overview adds them up). */
const messageDays = async (appid: string, from: string, to: string) => {
  const [own, upstream, latency] = await Promise.all([readDays(appid, 'DAY', from, to), storedWechatDays(appid, 'upstream', from, to), latencyDays(appid, from, to)]);
  const byDay = new Map(own.map((i) => [String(i['day']), i]));
  const days = daysFrom(from, to).map((day) => {
    const item = byDay.get(day) ?? {};
    const wechat = upstream.get(day);
    return {
      day,
      ...Object.fromEntries(ownCounters.map((c) => [c, num(item[c])])),
      latency: latencySummary(latency.get(day) ?? new Map()),
      ...(wechat ? { wechatMsgUser: num(wechat['msgUser']), wechatMsgCount: num(wechat['msgCount']) } : {}),
    } as { day: string; latency: Latency; wechatMsgUser?: number; wechatMsgCount?: number } & Record<(typeof ownCounters)[number], number>;
  });
  return { days, latency };
};

export const messagesOf = async (appid: string, from: string, to: string) => (await messageDays(appid, from, to)).days;

/** The texts no keyword answered, most frequent first (same normalized text across days is one). */
export const unmatchedOf = async (appid: string, from: string, to: string, limit: number) => {
  const byText = new Map<string, { text: string; count: number; lastDay: string }>();
  for (const item of await readDays(appid, 'UNM', from, to)) {
    const text = String(item['text'] ?? '');
    const seen = byText.get(text) ?? { text, count: 0, lastDay: '' };
    seen.count += num(item['n']);
    if (String(item['day']) > seen.lastDay) seen.lastDay = String(item['day']);
    byText.set(text, seen);
  }
  return [...byText.values()].sort((a, b) => b.count - a.count || b.lastDay.localeCompare(a.lastDay) || a.text.localeCompare(b.text)).slice(0, limit);
};

export const menuTapsOf = async (appid: string, from: string, to: string) => {
  const byKey = new Map<string, { key: string; event: string; taps: number }>();
  for (const item of await readDays(appid, 'TAP', from, to)) {
    const id = `${item['event']}\u0000${item['key']}`;
    const seen = byKey.get(id) ?? { key: String(item['key'] ?? ''), event: String(item['event'] ?? ''), taps: 0 };
    seen.taps += num(item['n']);
    byKey.set(id, seen);
  }
  return [...byKey.values()].sort((a, b) => b.taps - a.taps || a.key.localeCompare(b.key));
};

export const qrScenesOf = async (appid: string, from: string, to: string) => {
  const byScene = new Map<string, { scene: string; scans: number; followers: number }>();
  for (const item of await readDays(appid, 'QR', from, to)) {
    const scene = String(item['scene'] ?? '');
    const seen = byScene.get(scene) ?? { scene, scans: 0, followers: 0 };
    seen.scans += num(item['scans']);
    seen.followers += num(item['followers']);
    byScene.set(scene, seen);
  }
  return [...byScene.values()].sort((a, b) => b.scans - a.scans || a.scene.localeCompare(b.scene));
};

/** Articles published in the range with their reads as WeChat last counted them. */
export const articlesOf = async (appid: string, from: string, to: string) => {
  const days = await storedWechatDays(appid, 'articles', from, to);
  return [...days.values()]
    .flatMap((d) => (Array.isArray(d['articles']) ? (d['articles'] as Record<string, unknown>[]) : []))
    .map((a) => ({ msgid: String(a['msgid']), publishDate: String(a['publishDate']), readUser: num(a['readUser']), shareUser: num(a['shareUser']) }))
    .sort((a, b) => b.publishDate.localeCompare(a.publishDate) || a.msgid.localeCompare(b.msgid));
};

/** Why WeChat's numbers are there or not: the account's verification and the collector's last word. */
export const collectionOf = async (account: Pick<Account, 'appid' | 'status' | 'verifyType'>) => {
  const state = await readCollectState(account.appid);
  const reason = account.status !== 'authorized' ? 'unauthorized' : account.verifyType === -1 ? 'unverified' : state?.reason;
  return {
    state: reason === 'unauthorized' || reason === 'unverified' ? ('skipped' as const) : (state?.state ?? ('pending' as const)),
    ...(reason ? { reason } : {}),
    ...(state?.lastDay ? { lastDay: state.lastDay } : {}),
    ...(state?.at ? { at: state.at } : {}),
  };
};

export const overviewOf = async (account: Pick<Account, 'appid' | 'status' | 'verifyType'>, from: string, to: string) => {
  const [followers, { days: messages, latency: latencyByDay }, collection] = await Promise.all([
    followersOf(account.appid, from, to),
    messageDays(account.appid, from, to),
    collectionOf(account),
  ]);
  // The range's latency: the days' histograms added, then p50/p95 (not an average of the days').
  const latency = latencySummary(mergeHistograms([...latencyByDay.values()]));
  const collected = followers.filter((d) => d.collected);
  const sum = (key: (typeof ownCounters)[number]) => messages.reduce((n, d) => n + d[key], 0);
  const newUser = collected.reduce((n, d) => n + d.newUser, 0);
  const cancelUser = collected.reduce((n, d) => n + d.cancelUser, 0);
  const texts = sum('texts');
  return {
    appid: account.appid,
    from,
    to,
    collection,
    followers: {
      collectedDays: collected.length,
      newUser,
      cancelUser,
      netUser: newUser - cancelUser,
      ...(collected.length ? { cumulateUser: collected.at(-1)!.cumulateUser } : {}),
    },
    messages: {
      messages: sum('messages'),
      events: sum('events'),
      replied: sum('replied'),
      texts,
      keywordHits: sum('keywordHits'),
      unmatched: sum('unmatched'),
      hitRate: texts ? Math.round((sum('keywordHits') / texts) * 1000) / 1000 : null,
      subscribes: sum('subscribes'),
      unsubscribes: sum('unsubscribes'),
      taps: sum('taps'),
      scans: sum('scans'),
    },
    latency,
  };
};
