import type { SimErrorBody } from './errors';

/**
 * IP whitelists, off until a test sets one. WeChat answers the third-party platform's component
 * APIs only from the IPs on the platform's whitelist (61004), and an official account's
 * `token`/`stable_token` only from the account's own whitelist (40164). The errmsg formats are
 * WeChat's, IP included, so the product can tell the owner which address to add.
 */
export class Whitelists {
  /** appid (official account or component) → allowed IPs; absent = no whitelist (everyone). */
  private readonly lists = new Map<string, Set<string>>();

  set(appid: string, ips: string[] | null): void {
    if (ips === null) this.lists.delete(appid);
    else this.lists.set(appid, new Set(ips));
  }

  private allows(appid: string, ip: string): boolean {
    const list = this.lists.get(appid);
    return !list || list.has(ip);
  }

  /** For cgi-bin/token and cgi-bin/stable_token. */
  checkAccount(appid: string, ip: string): SimErrorBody | undefined {
    if (this.allows(appid, ip)) return undefined;
    return { errcode: 40164, errmsg: `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist rid: ${rid()}` };
  }

  /** For the component APIs (component_access_token and what it is used with). */
  checkComponent(componentAppid: string, ip: string): SimErrorBody | undefined {
    if (this.allows(componentAppid, ip)) return undefined;
    return { errcode: 61004, errmsg: `access clientip is not registered requestIP: ${ip} rid: ${rid()}` };
  }
}

const rid = () => `${Math.floor(Date.now() / 1000).toString(16)}-${Math.random().toString(16).slice(2, 10)}`;

/** The caller's IPv4 as WeChat reports it (Node gives IPv4-mapped IPv6 on dual-stack sockets). */
export const callerIp = (remoteAddress: string | undefined): string => (remoteAddress ?? '').replace(/^::ffff:/, '');
