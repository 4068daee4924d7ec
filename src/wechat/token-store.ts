import { randomUUID } from 'node:crypto';
import { WechatApiError } from './api-error';
import { readToken, releaseLease, storeToken, takeLease, type TokenRef } from './data/tokens';
import { countTokenRefresh } from '../core/observability/metrics';
import { WechatErrorCode, staleTokenCodes } from './error-codes';

/**
 * The one place WeChat credentials come from. Reads the table with a short per-container memory
 * cache and refreshes early. A refresh is single-flight within the container (one promise per
 * token) and across containers (a lease taken with a conditional write, the item re-read after
 * taking it). A caller that saw a token fail names it (`stale`), and only that token is replaced:
 * a newer token someone else stored meanwhile is used as it is.
 */
export interface FreshToken {
  value: string;
  expiresInSeconds: number;
}

/**
 * Fetches a token from WeChat. `force` (with `stale`) only when WeChat rejected that exact token;
 * a scheduled or early refresh passes neither.
 */
export type TokenSource = (ref: TokenRef, options: { force: boolean; stale?: string }) => Promise<FreshToken>;

export interface TokenStoreOptions {
  /** Refresh when less than this is left (ms). */
  refreshMarginMs: number;
  /** How long a container trusts its memory copy without reading the table (ms). */
  memoryTtlMs: number;
  /** How long a refresh lease lasts if its holder dies (ms). */
  leaseMs: number;
  /** How long to wait for another container's refresh before giving up (ms). */
  waitMs: number;
  pollMs: number;
  now: () => number;
}

const defaults: TokenStoreOptions = {
  refreshMarginMs: 10 * 60_000,
  memoryTtlMs: 60_000,
  leaseMs: 15_000,
  waitMs: 10_000,
  pollMs: 100,
  now: Date.now,
};

/** A token this close to expiry is not handed out even while someone else refreshes it. */
const minimumLifeMs = 30_000;

/**
 * stable_token renews in normal mode only in a token's last 5 minutes ("普通模式下平台会提前5分钟更新
 * access_token"); asked earlier it answers the same token. Request-time renewal of direct-mode
 * tokens waits for that window, so it never asks in vain on every request.
 */
const stableRenewalMarginMs = 4 * 60_000;

interface Cached {
  value: string;
  expiresAt: number;
  readAt: number;
}

const refKey = (ref: TokenRef) => `${ref.kind}#${ref.appid}`;

export class TokenStore {
  private readonly options: TokenStoreOptions;
  private readonly owner = randomUUID();
  private readonly memory = new Map<string, Cached>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly source: TokenSource,
    options: Partial<TokenStoreOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  private marginFor(ref: TokenRef): number {
    return ref.kind === 'direct' ? Math.min(this.options.refreshMarginMs, stableRenewalMarginMs) : this.options.refreshMarginMs;
  }

  /** A usable token; never `stale` (the one the caller saw fail). */
  async get(ref: TokenRef, stale?: string): Promise<string> {
    const now = this.options.now();
    const cached = this.memory.get(refKey(ref));
    if (
      cached &&
      cached.value !== stale &&
      cached.expiresAt - now > this.marginFor(ref) &&
      now - cached.readAt < this.options.memoryTtlMs
    ) {
      return cached.value;
    }
    if (stale !== undefined && cached?.value === stale) this.memory.delete(refKey(ref));
    const key = `${refKey(ref)}|${stale ?? ''}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.resolve(ref, stale).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /**
   * Runs a WeChat call with the token; if WeChat says the token is dead (40001/40014/42001), gets a
   * new one once and retries once — never more.
   */
  async withToken<T>(ref: TokenRef, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.get(ref);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WechatApiError) || !staleTokenCodes.has(error.wxerrcode)) throw error;
      return call(await this.get(ref, token));
    }
  }

  /**
   * Renews the token if it expires within `withinMs` (the scheduled refresher's entry). Nothing was
   * rejected, so nothing is forced: direct mode asks stable_token in normal mode, which hands the
   * owner's servers and us the same token.
   */
  async refreshIfExpiring(ref: TokenRef, withinMs: number): Promise<boolean> {
    const item = await readToken(ref);
    if (item?.value && item.expiresAt !== undefined && item.expiresAt - this.options.now() > withinMs) return false;
    await this.resolve(ref, undefined, withinMs);
    return true;
  }

  forget(ref: TokenRef): void {
    this.memory.delete(refKey(ref));
  }

  private async resolve(ref: TokenRef, stale: string | undefined, margin = this.marginFor(ref)): Promise<string> {
    const deadline = this.options.now() + this.options.waitMs;
    for (;;) {
      const now = this.options.now();
      const item = await readToken(ref);
      const usable = item?.value !== undefined && item.value !== stale && (item.expiresAt ?? 0) - now > minimumLifeMs;
      if (usable && (item.expiresAt ?? 0) - now > margin) return this.remember(ref, item.value!, item.expiresAt!, now);

      const leasedByOther = item?.leaseUntil !== undefined && item.leaseUntil >= now && item.leaseOwner !== this.owner;
      if (leasedByOther || !(await takeLease(ref, this.owner, now, this.options.leaseMs))) {
        // Someone else is refreshing: a still-valid token serves meanwhile, else wait for theirs.
        if (usable) return item.value!;
        if (this.options.now() > deadline) {
          throw new WechatApiError(WechatErrorCode.systemBusy, `timed out waiting for the ${ref.kind} token refresh`, 'token');
        }
        await new Promise((r) => setTimeout(r, this.options.pollMs));
        continue;
      }

      try {
        // Re-read under the lease: another container may have stored a new token just before.
        const current = await readToken(ref);
        const afterLease = this.options.now();
        if (current?.value !== undefined && current.value !== stale && (current.expiresAt ?? 0) - afterLease > margin) {
          await releaseLease(ref, this.owner);
          return this.remember(ref, current.value, current.expiresAt!, afterLease);
        }
        const fresh = await this.source(ref, stale === undefined ? { force: false } : { force: true, stale }).catch((error: unknown) => {
          countTokenRefresh(ref.kind, false);
          throw error;
        });
        countTokenRefresh(ref.kind, true);
        const fetchedAt = this.options.now();
        const expiresAt = fetchedAt + fresh.expiresInSeconds * 1000;
        await storeToken(ref, this.owner, fresh.value, expiresAt);
        return this.remember(ref, fresh.value, expiresAt, fetchedAt);
      } catch (error) {
        await releaseLease(ref, this.owner).catch(() => undefined);
        throw error;
      }
    }
  }

  private remember(ref: TokenRef, value: string, expiresAt: number, now: number): string {
    this.memory.set(refKey(ref), { value, expiresAt, readAt: now });
    return value;
  }
}
