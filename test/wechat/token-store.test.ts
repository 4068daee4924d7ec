import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readToken, type TokenRef } from '../../src/wechat/data/tokens';
import { WechatApiError } from '../../src/wechat/api-error';
import { TokenStore, type TokenSource } from '../../src/wechat/token-store';

/**
 * The token store against DynamoDB Local. The upstream is a counting source standing in for
 * WeChat's token endpoints (the simulator-backed tests exercise the real endpoints); each
 * TokenStore instance stands for one Lambda container with its own memory.
 */
const aRef = (): TokenRef => ({ kind: 'direct', appid: `wx${randomBytes(8).toString('hex')}` });

const countingSource = (options: { delayMs?: number; lifetime?: number } = {}) => {
  const calls: { force: boolean }[] = [];
  const source: TokenSource = async (_ref, { force }) => {
    calls.push({ force });
    await new Promise((r) => setTimeout(r, options.delayMs ?? 50));
    return { value: `token-${calls.length}`, expiresInSeconds: options.lifetime ?? 7200 };
  };
  return { source, calls };
};

const staleError = () => new WechatApiError(40001, 'invalid credential', 'test');

describe('token store', () => {
  it('refreshes once for 50 containers that need the same missing token at once', async () => {
    // Prepare
    const ref = aRef();
    const { source, calls } = countingSource({ delayMs: 200 });
    const containers = Array.from({ length: 50 }, () => new TokenStore(source, { pollMs: 20 }));

    // Act
    const tokens = await Promise.all(containers.map((c) => c.get(ref)));

    // Assess
    expect(calls).toHaveLength(1);
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(await readToken(ref)).toMatchObject({ value: 'token-1' });
    expect((await readToken(ref))?.leaseOwner).toBeUndefined();
  });

  it('refreshes once within one container for 50 concurrent callers', async () => {
    const ref = aRef();
    const { source, calls } = countingSource();
    const store = new TokenStore(source);

    await Promise.all(Array.from({ length: 50 }, () => store.get(ref)));

    expect(calls).toHaveLength(1);
  });

  it('on a 40001 refreshes once with force and retries once, then succeeds', async () => {
    const ref = aRef();
    const { source, calls } = countingSource();
    const store = new TokenStore(source);
    const seen: string[] = [];

    const result = await store.withToken(ref, async (token) => {
      seen.push(token);
      if (seen.length === 1) throw staleError();
      return 'done';
    });

    expect(result).toBe('done');
    expect(seen).toEqual(['token-1', 'token-2']);
    expect(calls).toEqual([{ force: false }, { force: true }]);
  });

  it('gives up after one retry when WeChat keeps refusing: two calls at most', async () => {
    const ref = aRef();
    const { source, calls } = countingSource();
    const store = new TokenStore(source);
    let attempts = 0;

    const result = store.withToken(ref, async () => {
      attempts++;
      throw staleError();
    });

    await expect(result).rejects.toMatchObject({ wxerrcode: 40001 });
    expect(attempts).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it('discards only the token seen to fail: a newer one stored meanwhile is used as is', async () => {
    // Prepare: two containers hold token-1; A sees it fail and refreshes to token-2
    const ref = aRef();
    const { source, calls } = countingSource();
    const a = new TokenStore(source);
    const b = new TokenStore(source);
    expect(await a.get(ref)).toBe('token-1');
    expect(await b.get(ref)).toBe('token-1');
    expect(await a.get(ref, 'token-1')).toBe('token-2');

    // Act: B now sees token-1 fail too
    const forB = await b.get(ref, 'token-1');

    // Assess: B takes token-2, nobody fetched a third
    expect(forB).toBe('token-2');
    expect(calls).toHaveLength(2);
  });

  it('refreshes early when the token is inside the margin, and serves the old one while another refreshes', async () => {
    // Prepare: a token with 200 s left (inside the 10-minute margin, and the direct kind's 4 minutes)
    const ref = aRef();
    const { source, calls } = countingSource({ delayMs: 300, lifetime: 200 });
    const first = new TokenStore(source);
    expect(await first.get(ref)).toBe('token-1');

    // Act: two other containers ask at once; one refreshes, the other is served meanwhile
    const [x, y] = await Promise.all([new TokenStore(source).get(ref), new TokenStore(source).get(ref)]);

    // Assess
    expect(calls).toHaveLength(2);
    expect([x, y].sort()).toEqual(['token-1', 'token-2']);
  });

  it('renews a direct-mode (stable_token) token only in its last minutes, other kinds 10 minutes early', async () => {
    // Prepare: tokens with 7 minutes left; stable_token would answer the same token before its last 5
    const direct = aRef();
    const authorizer: TokenRef = { kind: 'authorizer', appid: direct.appid };
    const { source, calls } = countingSource({ delayMs: 10, lifetime: 420 });
    await new TokenStore(source).get(direct);
    await new TokenStore(source).get(authorizer);

    // Act: other containers ask for both
    const [d, a] = [await new TokenStore(source).get(direct), await new TokenStore(source).get(authorizer)];

    // Assess: the direct token is served as it is; the authorizer token was renewed
    expect(d).toBe('token-1');
    expect(a).toBe('token-3');
    expect(calls).toHaveLength(3);
  });

  it('gives the lease back when the refresh fails, so the next caller can refresh', async () => {
    const ref = aRef();
    let fail = true;
    const store = new TokenStore(async () => {
      if (fail) throw new WechatApiError(45009, 'api freq out of limit', 'test');
      return { value: 'recovered', expiresInSeconds: 7200 };
    });

    await expect(store.get(ref)).rejects.toMatchObject({ wxerrcode: 45009 });
    fail = false;
    const other = new TokenStore(async () => ({ value: 'recovered', expiresInSeconds: 7200 }));

    expect(await other.get(ref)).toBe('recovered');
  });

  it('waits out a lease held by a container that died, then refreshes', async () => {
    const ref = aRef();
    const { source, calls } = countingSource();
    const { takeLease } = await import('../../src/wechat/data/tokens');
    expect(await takeLease(ref, 'dead-container', Date.now(), 300)).toBe(true);

    const token = await new TokenStore(source, { pollMs: 50 }).get(ref);

    expect(token).toBe('token-1');
    expect(calls).toHaveLength(1);
  });
});
