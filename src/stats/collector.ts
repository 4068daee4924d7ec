import { createHash } from 'node:crypto';
import { getAccount, type Account } from '../core/data/accounts';
import { logger } from '../core/http/logger';
import { datacube, datacubeSpans, type DatacubeApi } from '../wechat/api/datacube';
import { WechatApiError } from '../wechat/api-error';
import { listTokensExpiringBefore } from '../wechat/data/tokens';
import { putWechatDay, readCollectState, storedWechatDays, writeCollectState, type CollectState, type WechatSource } from './data/stats';
import { addDays, shanghaiDay, shanghaiMinuteOfDay } from './days';

/**
 * The daily collector of WeChat's numbers (datacube) into our table, where they are kept for good
 * (WeChat asks developers to keep them; its back office shows a limited past).
 *
 * Per account, every run asks only for the days of the last 90 that are not stored yet, in windows
 * no longer than each API takes (so 61501 is never asked for), oldest first: the first run after an
 * authorization is the 90-day backfill, later ones fetch yesterday, and a run that stopped (a
 * timeout, WeChat busy, a quota) is simply resumed by the next, which sees what is stored. A day is
 * written once (conditional put) and only when WeChat has finished it: getusercumulate answers a
 * day only then, and the content API says `is_delay`; an unfinished day is left out, so the next
 * run asks again. Unauthorized and unverified accounts are skipped and the reason kept for the dashboard.
 */
export const backfillDays = 90;
/** Yesterday is complete after 08:00 Beijing time; collect until noon. */
export const collectWindow = { fromMinute: 8 * 60, toMinute: 12 * 60 } as const;

interface SourcePlan {
  source: WechatSource;
  span: number;
}
const plans: readonly SourcePlan[] = [
  { source: 'user', span: Math.min(datacubeSpans.getusersummary, datacubeSpans.getusercumulate) },
  { source: 'upstream', span: datacubeSpans.getupstreammsg },
  { source: 'interface', span: datacubeSpans.getinterfacesummary },
  { source: 'articles', span: datacubeSpans.getarticletotaldetail },
];

/** Runs of consecutive missing days, cut to windows of at most `span` days. */
export const windowsOf = (missing: readonly string[], span: number): [string, string][] => {
  const windows: [string, string][] = [];
  let start: string | undefined;
  let end: string | undefined;
  let length = 0;
  for (const day of missing) {
    if (start !== undefined && end !== undefined && addDays(end, 1) === day && length < span) {
      end = day;
      length++;
      continue;
    }
    if (start !== undefined && end !== undefined) windows.push([start, end]);
    start = day;
    end = day;
    length = 1;
  }
  if (start !== undefined && end !== undefined) windows.push([start, end]);
  return windows;
};

const byDay = <T extends { ref_date: string }>(rows: readonly T[] | undefined) => {
  const map = new Map<string, T[]>();
  for (const row of rows ?? []) map.set(row.ref_date, [...(map.get(row.ref_date) ?? []), row]);
  return map;
};

export interface AccountReport {
  appid: string;
  state: CollectState['state'];
  reason?: CollectState['reason'];
  calls: number;
  stored: number;
}

const skip = async (appid: string, reason: 'unverified' | 'unauthorized', now: number, calls = 0): Promise<AccountReport> => {
  const previous = await readCollectState(appid);
  await writeCollectState(appid, { state: 'skipped', reason, ...(previous?.lastDay ? { lastDay: previous.lastDay } : {}), at: new Date(now).toISOString() });
  return { appid, state: 'skipped', reason, calls, stored: 0 };
};

/** Collects what is missing of one account's last 90 days. */
export const collectAccount = async (appid: string, now = Date.now()): Promise<AccountReport> => {
  const account = await getAccount(appid);
  if (!account || account.status !== 'authorized') return skip(appid, 'unauthorized', now);
  // Not known (a direct binding does not tell): WeChat decides, and its 48001 is answered below.
  if (account.verifyType === -1) return skip(appid, 'unverified', now);

  const yesterday = shanghaiDay(now - 86_400_000);
  const earliest = addDays(yesterday, -(backfillDays - 1));
  const at = new Date(now).toISOString();
  let calls = 0;
  let stored = 0;
  let waiting = 0;
  const call = <A extends DatacubeApi>(api: A, from: string, to: string) => {
    calls++;
    return datacube(account as Account, api, from, to);
  };
  try {
    // The user numbers first: a day getusercumulate has answered is one WeChat has finished, which
    // tells an empty message day (nothing sent) from one not counted yet.
    let finished = new Set<string>();
    for (const { source, span } of plans) {
      const have = await storedWechatDays(appid, source, earliest, yesterday);
      if (source === 'user') finished = new Set(have.keys());
      const missing: string[] = [];
      for (let d = earliest; d <= yesterday; d = addDays(d, 1)) if (!have.has(d)) missing.push(d);
      for (const [from, to] of windowsOf(missing, span)) {
        const days: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
        if (source === 'user') {
          const summary = byDay((await call('getusersummary', from, to)).list);
          const cumulate = byDay((await call('getusercumulate', from, to)).list);
          for (const day of days) {
            const total = cumulate.get(day)?.[0];
            if (!total) {
              waiting++;
              continue;
            }
            const rows = summary.get(day) ?? [];
            const data = {
              newUser: rows.reduce((n, r) => n + Number(r.new_user ?? 0), 0),
              cancelUser: rows.reduce((n, r) => n + Number(r.cancel_user ?? 0), 0),
              cumulateUser: Number(total.cumulate_user ?? 0),
              bySource: rows.map((r) => ({ source: r.user_source, newUser: r.new_user, cancelUser: r.cancel_user })),
            };
            if (await putWechatDay(appid, 'user', day, data, at)) stored++;
            finished.add(day);
          }
        } else if (source === 'upstream' || source === 'interface') {
          const rows = byDay<{ ref_date: string }>(source === 'upstream' ? (await call('getupstreammsg', from, to)).list : (await call('getinterfacesummary', from, to)).list);
          for (const day of days) {
            const list = rows.get(day);
            if (!list && !finished.has(day)) {
              waiting++;
              continue;
            }
            const data =
              source === 'upstream'
                ? {
                    msgUser: (list ?? []).reduce((n, r: any) => n + Number(r.msg_user ?? 0), 0),
                    msgCount: (list ?? []).reduce((n, r: any) => n + Number(r.msg_count ?? 0), 0),
                    byType: (list ?? []).map((r: any) => ({ msgType: r.msg_type, msgUser: r.msg_user, msgCount: r.msg_count })),
                  }
                : {
                    callbackCount: Number((list?.[0] as any)?.callback_count ?? 0),
                    failCount: Number((list?.[0] as any)?.fail_count ?? 0),
                    totalTimeCost: Number((list?.[0] as any)?.total_time_cost ?? 0),
                    maxTimeCost: Number((list?.[0] as any)?.max_time_cost ?? 0),
                  };
            if (await putWechatDay(appid, source, day, data, at)) stored++;
          }
        } else {
          const answer = await call('getarticletotaldetail', from, to);
          if (answer.is_delay) {
            waiting += days.length;
            continue;
          }
          const articles = (answer.list ?? []).map((a) => {
            const latest = [...(a.detail_list ?? [])].sort((x, y) => x.stat_date.localeCompare(y.stat_date)).at(-1);
            return { msgid: a.msgid, publishDate: a.ref_date, readUser: Number(latest?.read_user ?? 0), shareUser: Number(latest?.share_user ?? 0) };
          });
          if (await putWechatDay(appid, 'articles', from, { articles }, at)) stored++;
        }
      }
    }
  } catch (error) {
    // WeChat's word on a verification we did not know (a direct binding): 48001.
    if (error instanceof WechatApiError && (error.wxerrcode === 48001 || error.errcode === 40302)) return skip(appid, 'unverified', now, calls);
    if (!(error instanceof WechatApiError)) throw error;
    const errcode = error.wxerrcode;
    logger.warn('statistics collection stopped; the next run resumes', { appid, errcode });
    const lastDay = [...(await storedWechatDays(appid, 'user', earliest, yesterday)).keys()].sort().at(-1);
    await writeCollectState(appid, { state: 'partial', reason: 'wechatError', error: { errcode, errmsg: error.message }, ...(lastDay ? { lastDay } : {}), at });
    return { appid, state: 'partial', reason: 'wechatError', calls, stored };
  }
  const lastDay = [...(await storedWechatDays(appid, 'user', earliest, yesterday)).keys()].sort().at(-1);
  const state: CollectState['state'] = waiting > 0 ? 'partial' : 'collected';
  await writeCollectState(appid, { state, ...(lastDay ? { lastDay } : {}), at });
  return { appid, state, calls, stored };
};

/** Where in 08:00–12:00 an account's turn comes: spread by its appid over the first 200 minutes. */
export const slotMinute = (appid: string): number =>
  collectWindow.fromMinute + (createHash('sha256').update(appid).digest().readUInt16BE(0) % 200);

/**
 * One scheduled run: every account whose turn has come today and whose yesterday is not collected,
 * and every account never collected (the backfill after an authorization, at any hour), until the
 * time budget is spent (the next run goes on).
 */
export const collectDue = async (now = Date.now(), budgetMs = 240_000): Promise<AccountReport[]> => {
  const started = Date.now();
  const minute = shanghaiMinuteOfDay(now);
  const inWindow = minute >= collectWindow.fromMinute && minute < collectWindow.toMinute;
  const yesterday = shanghaiDay(now - 86_400_000);
  // Every account we hold a WeChat token for: authorized (component) or bound (direct).
  const appids = [...new Set((await listTokensExpiringBefore(Number.MAX_SAFE_INTEGER)).filter((r) => r.kind !== 'component').map((r) => r.appid))].sort();
  const reports: AccountReport[] = [];
  for (const appid of appids) {
    if (Date.now() - started > budgetMs) break;
    const state = await readCollectState(appid);
    const firstTime = state === undefined;
    // A delayed yesterday is asked again by every run until noon.
    const due = inWindow && minute >= slotMinute(appid) && state?.lastDay !== yesterday;
    if (!firstTime && !due) continue;
    try {
      reports.push(await collectAccount(appid, now));
    } catch (error) {
      logger.warn('statistics collection failed for an account', { appid, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return reports;
};
