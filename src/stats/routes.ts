/** The statistics area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { LogSubscriberDefinition, RouteDefinition, ScheduledDefinition } from '../core/route';

const statsAccess = { table: 'write', entities: ['ACCOUNT', 'ORG', 'SESSION', 'STATS'] } as const;

const statsRoute = <N extends string>(name: N, summary: string) =>
  ({
    method: 'POST',
    path: `/apis/stats/${name}`,
    handler: `src/stats/handlers/${name}.ts`,
    role: 'viewer',
    auth: true,
    body: 'form',
    access: statsAccess,
    summary,
  }) as const;

export const statsOverview = statsRoute('overview', 'A range of days at a glance: followers (new, lost, net, total) from WeChat, messages, reply hit rate, taps and scans from our own records, and why WeChat’s numbers are missing if they are');
export const statsFollowers = statsRoute('followers', 'Followers per day (new, lost, net, total) as WeChat counted them (datacube, collected daily, kept for good)');
export const statsMessages = statsRoute('messages', 'Messages and events per day as the callback recorded them (replied, keyword hits, unmatched), beside WeChat’s upstream counts');
export const statsUnmatched = statsRoute('unmatched', 'The texts no keyword rule answered, most frequent first (kept as long as the inbox keeps messages)');
export const statsMenus = statsRoute('menus', 'Taps per menu button in the range');
export const statsQrcodes = statsRoute('qrcodes', 'Scans and new followers per QR scene in the range');
export const statsArticles = statsRoute('articles', 'Published articles in the range with their reads and shares (WeChat’s getarticletotaldetail)');

export const statsRoutes = {
  'stats.overview': statsOverview,
  'stats.followers': statsFollowers,
  'stats.messages': statsMessages,
  'stats.unmatched': statsUnmatched,
  'stats.menus': statsMenus,
  'stats.qrcodes': statsQrcodes,
  'stats.articles': statsArticles,
} as const satisfies Record<string, RouteDefinition>;

/**
 * WeChat's numbers of yesterday, collected between 08:00 and 12:00 Asia/Shanghai (00:00–03:59 UTC),
 * every 10 minutes, each account at its own minute (src/stats/collector.ts).
 */
export const statsScheduled = {
  collectStats: {
    handler: 'src/stats/handlers/collectStats.ts',
    schedule: 'cron(0/10 0-3 * * ? *)',
    access: { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'STATS', 'TOKEN'], wechat: true },
    summary: 'Collect yesterday’s datacube numbers (and the 90-day backfill of new accounts) in WeChat’s windows',
  },
} as const satisfies Record<string, ScheduledDefinition>;

/**
 * The callback's latency as API Gateway measures it (p50/p95 per account per day): the stage's
 * access-log lines of the callback route, folded into histograms (src/stats/callback-latency.ts).
 */
export const statsLogSubscribers = {
  callbackLatency: {
    handler: 'src/stats/handlers/callbackLatency.ts',
    route: 'callback.message',
    timeoutSeconds: 30,
    access: { table: 'write', entities: ['STATS'] },
    summary: 'Fold the callback route’s access-log lines (API Gateway’s response latency) into per-account, per-day histograms',
  },
} as const satisfies Record<string, LogSubscriberDefinition>;
