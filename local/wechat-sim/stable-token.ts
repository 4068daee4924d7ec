import { SimError, type SimErrorBody } from './errors';
import type { SimState } from './state';

/**
 * cgi-bin/stable_token as WeChat documents it today (getStableAccessToken):
 * - normal mode (force_refresh false): the same token while it lives; in its last 5 minutes a new
 *   one, the old one still valid until it runs out ("普通模式下平台会提前5分钟更新access_token");
 * - forced mode: the previous token stops working at once and a new one is issued; at most 20 a
 *   day, and a forced call within 30 s of the last one does not refresh ("强制刷新模式每天限用20次
 *   且需间隔30秒", "否则不会刷新") — it answers the current token;
 * - isolated from cgi-bin/token's tokens.
 * Every call is logged with its mode, so tests can count forced refreshes.
 */
export const forcedPerDay = 20;
export const forcedSpacingMs = 30_000;
const renewalWindowSeconds = 300;

export interface StableTokenCall {
  at: number;
  force: boolean;
  /** What the call did: a new token, the same one, or an error. */
  outcome: 'issued' | 'same' | 'error';
}

/** WeChat's day (its quotas reset at midnight Beijing time). */
const wechatDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

export class StableTokens {
  readonly log = new Map<string, StableTokenCall[]>();

  constructor(private readonly state: SimState) {}

  private record(appid: string, call: StableTokenCall) {
    this.log.set(appid, [...(this.log.get(appid) ?? []), call]);
  }

  /** Answers a verified caller (grant type, appid, secret and whitelist already checked). */
  answer(appid: string, force: boolean): { access_token: string; expires_in: number } | SimErrorBody {
    const now = this.state.now();
    const left = (value: string) => Math.floor((this.state.credentials.get(value)!.expiresAt - now) / 1000);
    if (!force) {
      const current = this.state.current(appid, 'access', renewalWindowSeconds);
      if (current) {
        this.record(appid, { at: now, force, outcome: 'same' });
        return { access_token: current, expires_in: left(current) };
      }
      const token = this.state.issue(appid, 'access');
      this.record(appid, { at: now, force, outcome: 'issued' });
      return { access_token: token.value, expires_in: token.expiresIn };
    }
    const forced = (this.log.get(appid) ?? []).filter((c) => c.force && c.outcome === 'issued');
    const last = forced[forced.length - 1];
    const current = this.state.current(appid, 'access');
    if (last && now - last.at < forcedSpacingMs && current) {
      this.record(appid, { at: now, force, outcome: 'same' });
      return { access_token: current, expires_in: left(current) };
    }
    if (forced.filter((c) => wechatDay(c.at) === wechatDay(now)).length >= forcedPerDay) {
      this.record(appid, { at: now, force, outcome: 'error' });
      return SimError.dailyQuota;
    }
    // The previous token stops working at once.
    if (current) this.state.credentials.delete(current);
    const token = this.state.issue(appid, 'access');
    this.record(appid, { at: now, force, outcome: 'issued' });
    return { access_token: token.value, expires_in: token.expiresIn };
  }

  calls(appid: string): StableTokenCall[] {
    return this.log.get(appid) ?? [];
  }
}
