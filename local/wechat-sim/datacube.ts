import { createHash } from 'node:crypto';
import type { SimContext } from './context';
import { json, type Routes } from './reply';

/**
 * The data APIs (datacube), as WeChat answers them today:
 * - user analysis: getusersummary and getusercumulate, at most 7 days a call
 *   (developers.weixin.qq.com/doc/service/en/Analytics/User_Analysis_Data_Interface.html,
 *   developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusersummary);
 * - message analysis: getupstreammsg, 7 days; interface analysis: getinterfacesummary, 30 days;
 * - published content: getarticletotaldetail (发表内容的详细数据, the maintained replacement of the
 *   older 图文 APIs, covering 发表 too), `is_delay` when WeChat has not finished, 1 day here
 *   (developers.weixin.qq.com/doc/subscription/api/wedata/news/api_getarticletotaldetail).
 * A range longer than its API takes, reversed, or reaching today or later is 61501 (date range
 * error); a date not `YYYY-MM-DD` is 61500 (date format error). Verified accounts only: an
 * unverified one gets 48001 (permissions.ts). Yesterday is complete after 08:00 Beijing time.
 *
 * History is synthetic and deterministic (a hash of appid and day), so any range asked twice, or
 * in other windows, answers the same numbers. `PUT /__sim/datacube/delayed {appid, day, delayed}`
 * makes WeChat not have finished a day: the user, message and interface APIs leave it out and the
 * content API says `is_delay: true`. `GET /__sim/datacube?appid=` lists the calls with their answers.
 */
export const DatacubeError = {
  dateFormat: { errcode: 61500, errmsg: 'date format error' },
  dateRange: { errcode: 61501, errmsg: 'date range error' },
} as const;

export const datacubeSpans = {
  getusersummary: 7,
  getusercumulate: 7,
  getupstreammsg: 7,
  getinterfacesummary: 30,
  getarticletotaldetail: 1,
} as const;
type DatacubeApi = keyof typeof datacubeSpans;

const dayMs = 86_400_000;
const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += dayMs) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

/** Deterministic numbers of an (appid, day): n values in [0, 256). */
const seed = (appid: string, day: string) => [...createHash('sha256').update(`${appid}|${day}`).digest()];

/** WeChat's user_source values (0 other, 1 search, 30 QR code) with a day's new and cancelled followers. */
export const syntheticUserDay = (appid: string, day: string) => {
  const s = seed(appid, day);
  return [
    { user_source: 0, new_user: s[0]! % 20, cancel_user: s[1]! % 6 },
    { user_source: 1, new_user: s[2]! % 8, cancel_user: 0 },
    { user_source: 30, new_user: s[3]! % 12, cancel_user: s[4]! % 3 },
  ];
};

const historyStart = '2026-01-01';
const baseFollowers = 5_000;

export const datacube = (ctx: SimContext): Routes => {
  const delayed = new Map<string, Set<string>>();
  const calls = new Map<string, { api: string; begin_date: unknown; end_date: unknown; errcode: number }[]>();
  /** Cumulative followers by (appid, day): the base plus every day's net change since the history began. */
  const cumulate = new Map<string, number>();
  const cumulateOf = (appid: string, day: string): number => {
    const known = cumulate.get(`${appid}|${day}`);
    if (known !== undefined) return known;
    let total = baseFollowers;
    for (const d of days(historyStart, day)) {
      total += syntheticUserDay(appid, d).reduce((n, r) => n + r.new_user - r.cancel_user, 0);
      cumulate.set(`${appid}|${d}`, total);
    }
    return day < historyStart ? baseFollowers : total;
  };

  const answer = (api: DatacubeApi, appid: string, range: string[]) => {
    const done = range.filter((d) => !delayed.get(appid)?.has(d));
    switch (api) {
      case 'getusersummary':
        return { list: done.flatMap((ref_date) => syntheticUserDay(appid, ref_date).filter((r) => r.new_user || r.cancel_user).map((r) => ({ ref_date, ...r }))) };
      case 'getusercumulate':
        return { list: done.map((ref_date) => ({ ref_date, user_source: 0, cumulate_user: cumulateOf(appid, ref_date) })) };
      case 'getupstreammsg':
        return {
          list: done.flatMap((ref_date) => {
            const s = seed(appid, ref_date);
            return [
              { ref_date, msg_type: 1, msg_user: s[5]! % 30, msg_count: (s[5]! % 30) * 2 },
              { ref_date, msg_type: 2, msg_user: s[6]! % 5, msg_count: s[6]! % 5 },
            ].filter((r) => r.msg_count > 0);
          }),
        };
      case 'getinterfacesummary':
        return {
          list: done.map((ref_date) => {
            const s = seed(appid, ref_date);
            const count = 100 + s[7]!;
            return { ref_date, callback_count: count, fail_count: s[8]! % 4, total_time_cost: count * (80 + (s[9]! % 40)), max_time_cost: 400 + s[10]! };
          }),
        };
      case 'getarticletotaldetail': {
        const day = range[0]!;
        const s = seed(appid, day);
        // Something is published about one day in three.
        const published = s[11]! % 3 === 0;
        return {
          is_delay: !done.includes(day),
          list:
            published && done.includes(day)
              ? [{ ref_date: day, msgid: `${2247480000 + (s[12]! << 8) + s[13]!}_1`, publish_type: 0, detail_list: [{ stat_date: day, read_user: 50 + s[14]!, share_user: s[15]! % 20 }] }]
              : [],
        };
      }
    }
  };

  const route = (api: DatacubeApi) => (req: Parameters<Routes[string]>[0]) =>
    ctx.accountCall(req, `datacube/${api}`, (appid) => {
      const { begin_date, end_date } = req.body as { begin_date?: unknown; end_date?: unknown };
      const log = (errcode: number) => calls.set(appid, [...(calls.get(appid) ?? []), { api, begin_date, end_date, errcode }]);
      if (!isDay(begin_date) || !isDay(end_date)) {
        log(DatacubeError.dateFormat.errcode);
        return json(DatacubeError.dateFormat);
      }
      const range = begin_date <= end_date ? days(begin_date, end_date) : [];
      const yesterday = shanghaiDay(ctx.now() - dayMs);
      if (range.length === 0 || range.length > datacubeSpans[api] || end_date > yesterday) {
        log(DatacubeError.dateRange.errcode);
        return json(DatacubeError.dateRange);
      }
      log(0);
      return json(answer(api, appid, range));
    });

  return {
    ...Object.fromEntries((Object.keys(datacubeSpans) as DatacubeApi[]).map((api) => [`POST /datacube/${api}`, route(api)])),
    // ---- control API ----
    'PUT /__sim/datacube/delayed': (req) => {
      const appid = String(req.body['appid'] ?? '');
      const set = delayed.get(appid) ?? new Set<string>();
      if (req.body['delayed'] === false) set.delete(String(req.body['day']));
      else set.add(String(req.body['day']));
      delayed.set(appid, set);
      return json({ delayed: [...set] });
    },
    'GET /__sim/datacube': (req) => json({ calls: calls.get(req.query.get('appid') ?? '') ?? [] }),
    'DELETE /__sim/datacube/calls': (req) => {
      calls.delete(String(req.query.get('appid') ?? ''));
      return json({ errcode: 0 });
    },
  };
};
