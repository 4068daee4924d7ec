import * as z from 'zod';
import type { ContractSpec } from '../core/contract';
import { okBody } from '../core/http/outputs';
import { StatsRangeInput, UnmatchedInput } from './inputs';
import type { statsRoutes } from './routes';

/** Answers of the statistics endpoints. Days are Asia/Shanghai days, `YYYY-MM-DD`, as WeChat's. */
const int = () => z.number().int();

const Collection = z.object({
  state: z.enum(['collected', 'partial', 'skipped', 'pending']).meta({ description: 'pending: not collected yet (the first run comes in the next 08:00–12:00 Beijing time)' }),
  reason: z.enum(['unverified', 'unauthorized', 'wechatError']).optional().meta({ description: 'why WeChat’s numbers are missing: WeChat gives them to verified accounts only' }),
  lastDay: z.string().optional(),
  at: z.string().optional(),
});

const OwnDay = {
  messages: int(),
  events: int(),
  replied: int(),
  texts: int(),
  keywordHits: int(),
  unmatched: int(),
  subscribes: int(),
  unsubscribes: int(),
  taps: int(),
  scans: int(),
};

const Latency = z
  .object({
    p50: int().nullable().meta({ description: 'median response latency, ms (null without requests); never below the true value, at most 9% above it' }),
    p95: int().nullable().meta({ description: '95th percentile, ms (null without requests)' }),
    count: int().meta({ description: 'callback requests measured (those that reached the function)' }),
  })
  .meta({ description: 'the message callback’s latency as API Gateway measured it (its access log: responseLatency), from fixed histogram buckets' });

export const OverviewOutput = okBody({
  appid: z.string(),
  from: z.string(),
  to: z.string(),
  collection: Collection,
  followers: z.object({ collectedDays: int(), newUser: int(), cancelUser: int(), netUser: int(), cumulateUser: int().optional() }),
  messages: z.object({ ...OwnDay, hitRate: z.number().nullable().meta({ description: 'texts a keyword rule answered ÷ texts (null without texts)' }) }),
  latency: Latency,
});

export const FollowersOutput = okBody({
  days: z.array(
    z.object({ day: z.string(), collected: z.boolean(), newUser: int().optional(), cancelUser: int().optional(), netUser: int().optional(), cumulateUser: int().optional() }),
  ),
});

export const MessagesOutput = okBody({
  days: z.array(z.object({ day: z.string(), ...OwnDay, latency: Latency, wechatMsgUser: int().optional(), wechatMsgCount: int().optional() })),
});

export const UnmatchedOutput = okBody({
  texts: z.array(z.object({ text: z.string().meta({ description: 'normalized (NFKC, trimmed, lower case), as a keyword rule would match it' }), count: int(), lastDay: z.string() })),
});

export const MenusOutput = okBody({ buttons: z.array(z.object({ key: z.string(), event: z.string(), taps: int() })) });
export const QrScenesOutput = okBody({ scenes: z.array(z.object({ scene: z.string(), scans: int(), followers: int() })) });
export const ArticlesOutput = okBody({
  articles: z.array(z.object({ msgid: z.string(), publishDate: z.string(), readUser: int(), shareUser: int() })),
});

export const statsContract = {
  'stats.overview': { input: StatsRangeInput, output: OverviewOutput, account: true },
  'stats.followers': { input: StatsRangeInput, output: FollowersOutput, account: true },
  'stats.messages': { input: StatsRangeInput, output: MessagesOutput, account: true },
  'stats.unmatched': { input: UnmatchedInput, output: UnmatchedOutput, account: true },
  'stats.menus': { input: StatsRangeInput, output: MenusOutput, account: true },
  'stats.qrcodes': { input: StatsRangeInput, output: QrScenesOutput, account: true },
  'stats.articles': { input: StatsRangeInput, output: ArticlesOutput, account: true },
} as const satisfies Record<keyof typeof statsRoutes, ContractSpec>;
