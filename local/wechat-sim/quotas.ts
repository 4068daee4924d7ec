/**
 * WeChat's daily API quotas: each API has a daily call limit per account (third-party calls spend
 * the account's own); past it WeChat answers 45009 until midnight China time, or until the account
 * spends one of its 10 monthly resets (cgi-bin/clear_quota; past them 48006). Limits are off until a
 * test sets one (WeChat's own differ by API and by account size: mp.weixin.qq.com → 接口权限).
 * developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
export const resetsPerMonth = 10;

/** WeChat's day and month are China's (UTC+8). */
const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

export class Quotas {
  private readonly limits = new Map<string, number>();
  private readonly used = new Map<string, { day: string; count: number }>();
  private readonly resets = new Map<string, { month: string; count: number }>();

  constructor(private readonly now: () => number) {}

  setLimit(appid: string, path: string, limit: number | null): void {
    if (limit === null) this.limits.delete(`${appid} ${path}`);
    else this.limits.set(`${appid} ${path}`, limit);
  }

  /** Spends one call; false when the day's quota is used up (the call is not made). */
  spend(appid: string, path: string): boolean {
    const key = `${appid} ${path}`;
    const day = chinaDay(this.now());
    const entry = this.used.get(key);
    const count = entry && entry.day === day ? entry.count : 0;
    const limit = this.limits.get(key);
    if (limit !== undefined && count >= limit) return false;
    this.used.set(key, { day, count: count + 1 });
    return true;
  }

  usage(appid: string, path: string): { daily_limit: number; used: number; remain: number } {
    const key = `${appid} ${path}`;
    const entry = this.used.get(key);
    const used = entry && entry.day === chinaDay(this.now()) ? entry.count : 0;
    const limit = this.limits.get(key) ?? 0;
    return { daily_limit: limit, used, remain: Math.max(0, limit - used) };
  }

  /** What midnight China time does: the day's counts back to 0 (no reset spent). */
  newDay(appid: string): void {
    for (const key of this.used.keys()) if (key.startsWith(`${appid} `)) this.used.delete(key);
  }

  /** clear_quota: every API's count of the account back to 0; false past the month's resets. */
  clear(appid: string): boolean {
    const month = chinaDay(this.now()).slice(0, 7);
    const entry = this.resets.get(appid);
    const count = entry && entry.month === month ? entry.count : 0;
    if (count >= resetsPerMonth) return false;
    this.resets.set(appid, { month, count: count + 1 });
    for (const key of this.used.keys()) if (key.startsWith(`${appid} `)) this.used.delete(key);
    return true;
  }
}
