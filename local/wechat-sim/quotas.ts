/**
 * WeChat's daily API quotas: each API has a daily call limit per account (third-party calls spend
 * the account's own); past it WeChat answers 45009 until midnight China time, or until the account
 * spends one of its 10 monthly resets (cgi-bin/clear_quota; past them 48006). An API starts at the
 * limit WeChat documents for a newly registered account (below; WeChat raises some with the number
 * of followers, and the back office's 接口权限 shows each account's own); a test sets another.
 * developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html,
 * developers.weixin.qq.com/doc/subscription/en/guide/dev/api/limit.html (接口调用频次限制说明)
 */
export const resetsPerMonth = 10;

/**
 * 接口调用频次限制说明, 新注册帐号: 获取关注者列表 500, 获取用户基本信息 5,000,000 (batchget counts
 * there too), 获取分组 (tags) 1,000, 自定义菜单创建 1,000 / 查询 10,000 / 删除 1,000, 发送客服消息
 * 500,000, 高级群发 100, 获取带参数的二维码 100,000; 模板消息 100,000 a day. An API not listed
 * (permanent materials among them: the table gives them none) has no limit here.
 */
export const documentedDailyLimits: Readonly<Record<string, number>> = {
  'cgi-bin/user/get': 500,
  'cgi-bin/user/info': 5_000_000,
  'cgi-bin/user/info/batchget': 5_000_000,
  'cgi-bin/tags/get': 1000,
  'cgi-bin/menu/create': 1000,
  'cgi-bin/menu/get': 10_000,
  'cgi-bin/menu/delete': 1000,
  'cgi-bin/message/custom/send': 500_000,
  'cgi-bin/message/mass/sendall': 100,
  'cgi-bin/qrcode/create': 100_000,
  'cgi-bin/message/template/send': 100_000,
};

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
    const limit = this.limitOf(appid, path);
    if (limit !== undefined && count >= limit) return false;
    this.used.set(key, { day, count: count + 1 });
    return true;
  }

  usage(appid: string, path: string): { daily_limit: number; used: number; remain: number } {
    const key = `${appid} ${path}`;
    const entry = this.used.get(key);
    const used = entry && entry.day === chinaDay(this.now()) ? entry.count : 0;
    const limit = this.limitOf(appid, path) ?? 0;
    return { daily_limit: limit, used, remain: Math.max(0, limit - used) };
  }

  /** The test's limit for the API, else WeChat's documented one, else none. */
  private limitOf(appid: string, path: string): number | undefined {
    return this.limits.get(`${appid} ${path}`) ?? documentedDailyLimits[path];
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
