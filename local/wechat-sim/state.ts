import { randomBytes } from 'node:crypto';

/**
 * Everything the simulated WeChat remembers: official accounts, issued credentials with their
 * expiry, one-shot codes, per-appid call counters and injected faults.
 */
export interface SimAccount {
  appid: string;
  secret: string;
  nickname: string;
  /** The account's own callback token and EncodingAESKey (direct mode). */
  token: string;
  aesKey: string;
  /** The account's original ID (gh_…), the ToUserName of what its followers send. */
  username: string;
  /** WeChat's service_type_info: 0 subscription, 1 subscription upgraded from an old account, 2 service account. */
  serviceType: number;
  /** WeChat's verify_type_info: -1 not verified, 0 WeChat verification (1–5 older or partial ones). */
  verifyType: number;
  /** The permission sets (func_info ids) the owner grants a third-party platform when authorizing it. */
  funcscopes: number[];
}

/** What an authorization grants unless a test says otherwise. */
export const defaultFuncscopes = [1, 2, 3, 4, 7, 11, 15];

export type CredentialKind = 'access' | 'component' | 'jsapi';

/** `component`: an authorizer_access_token (the platform's IP whitelist applies to its calls, and the granted permission sets). */
export type CredentialVia = 'own' | 'component';

interface Credential {
  appid: string;
  kind: CredentialKind;
  expiresAt: number;
  via: CredentialVia;
}

interface OneShot {
  appid: string;
  expiresAt: number;
  /** Spent: WeChat keeps answering for a used code as for an expired one. */
  used?: boolean;
}

export interface Fault {
  path: string;
  appid?: string;
  errcode?: number;
  errmsg?: string;
  /** Calls left to fail; -1 = always. */
  remaining: number;
  delayMs: number;
  /** Answer this HTTP status (a 5xx) instead of WeChat's JSON: `body` as is, else the gateway's HTML page. */
  status?: number;
  body?: string;
  contentType?: string;
}

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const alnum = (length: number) => randomBytes(length * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, length);

export const newAccount = (input: Partial<SimAccount> = {}): SimAccount => ({
  appid: input.appid ?? `wx${hex(8)}`,
  secret: input.secret ?? hex(16),
  // A Chinese name, as our users' accounts have (an English default showed in the Chinese console).
  nickname: input.nickname ?? `测试公众号 ${hex(2)}`,
  token: input.token ?? alnum(16),
  aesKey: input.aesKey ?? alnum(43),
  username: input.username ?? `gh_${hex(6)}`,
  serviceType: input.serviceType ?? 2,
  verifyType: input.verifyType ?? 0,
  funcscopes: input.funcscopes ?? [...defaultFuncscopes],
});

export class SimState {
  readonly accounts = new Map<string, SimAccount>();
  readonly credentials = new Map<string, Credential>();
  /** The newest credential of each kind per appid. */
  readonly latest = new Map<string, string>();
  /** component_verify_ticket → when it was pushed (ms): valid for 12 hours from then. */
  readonly tickets = new Map<string, number>();
  readonly preAuthCodes = new Map<string, OneShot>();
  readonly authCodes = new Map<string, OneShot>();
  /** authorizer refresh token → appid; deleted when the owner unauthorizes. */
  readonly refreshTokens = new Map<string, string>();
  readonly calls = new Map<string, Map<string, number>>();
  faults: Fault[] = [];

  constructor(
    readonly now: () => number,
    readonly lifetimeSeconds: number,
  ) {}

  /**
   * A new credential. `slot` keeps credentials WeChat keeps apart: cgi-bin/token and stable_token
   * tokens are "completely isolated" from each other (getStableAccessToken docs).
   */
  issue(appid: string, kind: CredentialKind, slot = '', via: CredentialVia = 'own'): { value: string; expiresIn: number } {
    const value = `${kind}_${hex(24)}`;
    this.credentials.set(value, { appid, kind, expiresAt: this.now() + this.lifetimeSeconds * 1000, via });
    this.latest.set(`${kind}#${appid}${slot}`, value);
    return { value, expiresIn: this.lifetimeSeconds };
  }

  /** The newest credential if it still has `minSeconds` left. */
  current(appid: string, kind: CredentialKind, minSeconds = 0, slot = ''): string | undefined {
    const value = this.latest.get(`${kind}#${appid}${slot}`);
    const credential = value ? this.credentials.get(value) : undefined;
    return credential && credential.expiresAt - this.now() > minSeconds * 1000 ? value : undefined;
  }

  check(value: string | undefined, kind: CredentialKind): { appid: string; via: CredentialVia } | 'invalid' | 'expired' {
    const credential = value ? this.credentials.get(value) : undefined;
    if (!credential || credential.kind !== kind) return 'invalid';
    if (credential.expiresAt <= this.now()) return 'expired';
    return { appid: credential.appid, via: credential.via };
  }

  expire(appid: string, kinds: CredentialKind[]): void {
    for (const credential of this.credentials.values()) {
      if (credential.appid === appid && kinds.includes(credential.kind)) credential.expiresAt = this.now();
    }
  }

  revoke(appid: string): void {
    for (const [token, owner] of this.refreshTokens) if (owner === appid) this.refreshTokens.delete(token);
    for (const [value, credential] of this.credentials) if (credential.appid === appid) this.credentials.delete(value);
  }

  count(path: string, appid: string): void {
    const perAppid = this.calls.get(appid) ?? new Map<string, number>();
    perAppid.set(path, (perAppid.get(path) ?? 0) + 1);
    this.calls.set(appid, perAppid);
  }

  counts(appid?: string): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [owner, perPath] of this.calls) {
      if (appid !== undefined && owner !== appid) continue;
      for (const [path, n] of perPath) result[path] = (result[path] ?? 0) + n;
    }
    return result;
  }

  /** The fault for this call, if one is armed (and uses one of its turns). */
  takeFault(path: string, appid: string): Fault | undefined {
    const fault = this.faults.find((f) => f.path === path && (f.appid === undefined || f.appid === appid) && f.remaining !== 0);
    if (fault && fault.remaining > 0) fault.remaining--;
    return fault;
  }

  /** A single-use code shaped like WeChat's (`<prefix>@@@<random>`). */
  oneShot(map: Map<string, OneShot>, prefix: string, appid: string, lifetimeSeconds: number, issuedSecondsAgo = 0): string {
    const code = `${prefix}@@@${hex(16)}`;
    map.set(code, { appid, expiresAt: this.now() + (lifetimeSeconds - issuedSecondsAgo) * 1000 });
    return code;
  }

  /** Consumes a one-shot code: single use, expiring; a used code answers like an expired one. */
  consume(map: Map<string, OneShot>, code: string): OneShot | 'invalid' | 'expired' {
    const entry = map.get(code);
    if (!entry) return 'invalid';
    if (entry.used || entry.expiresAt <= this.now()) return 'expired';
    entry.used = true;
    return entry;
  }
}
