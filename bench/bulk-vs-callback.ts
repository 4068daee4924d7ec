import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalStack } from '../local/stack';
import { verifyMailedUser } from './audience-sync';

/**
 * Issue 26, "bulk work never starves the callback": one organization's follower sync (50,000
 * simulated followers, WeChat answering in 30–80 ms) and another organization's callback, driven
 * through the simulator as WeChat delivers messages. The other tenant's callback latency (p50 /
 * p95 over the same number of messages) without the sync and while it runs, side by side.
 * Locally every function shares this machine's cores, so what is left of a difference is the
 * machine's, not the design's (in AWS the sync worker is another Lambda, capped by its queue's
 * maximumConcurrency); the tests assert the structural facts (test/load/bulk-vs-callback.test.ts).
 */
export interface BulkVsCallbackNumbers {
  followers: number;
  messages: number;
  quiet: { p50: number; p95: number; max: number };
  busy: { p50: number; p95: number; max: number };
  /** Followers the sync had checked when the busy series started and ended (it ran throughout). */
  syncChecked: [number, number];
  firstAttemptOk: boolean;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export const runBulkVsCallbackBench = async (
  stack: LocalStack,
  followers = Number(process.env['BULK_BENCH_FOLLOWERS'] ?? 50_000),
  messages = Number(process.env['BULK_BENCH_MESSAGES'] ?? 200),
): Promise<BulkVsCallbackNumbers> => {
  const sim = stack.wechatSimulator!;
  const simCall = async (method: string, path: string, body?: unknown) =>
    (await (await fetch(`${sim}${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) })).json()) as Record<string, any>;
  const post = async (path: string, form: Record<string, string>, token?: string) =>
    (await (await fetch(`${stack.baseUrl}${path}`, { method: 'POST', ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), body: new URLSearchParams(form) })).json()) as Record<string, any>;

  // Two organizations: each registration founds its own, so the tenants share nothing but the stack.
  const tenant = async (name: string) => {
    const user = { username: `bench_${name}_${process.pid}`, password: 'bench-password-1', email: `bench-${name}-${process.pid}@example.com` };
    await post('/apis/user/register', user);
    await verifyMailedUser(stack, user.email);
    const { access_token: token } = await post('/apis/user/login', { username: user.username, password: user.password });
    const account = await simCall('POST', '/__sim/accounts', {});
    const bound = await post('/apis/accounts/bindDirect', { appid: account['appid'], appsecret: account['secret'], token: account['token'], encodingAESKey: account['aesKey'] }, token);
    if (bound['errcode'] !== 0) throw new Error(`bindDirect answered ${JSON.stringify(bound)}`);
    return { token: token as string, appid: account['appid'] as string };
  };
  const big = await tenant('bulk');
  const other = await tenant('callback');
  await simCall('POST', '/__sim/audience/seed', { appid: big.appid, count: followers, seed: 'bench-bulk' });
  await simCall('PUT', '/__sim/latency', { appid: big.appid, minMs: 30, maxMs: 80 });

  let firstAttemptOk = true;
  const series = async (label: string) => {
    const ms: number[] = [];
    for (let i = 0; i < messages; i++) {
      const start = performance.now();
      const res = await simCall('POST', '/__sim/follower/send', { appid: other.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: `${label} ${i}` } });
      ms.push(performance.now() - start);
      const attempts = res['attempts'] as { status: number }[];
      if (attempts.length !== 1 || attempts[0]!.status !== 200) firstAttemptOk = false;
    }
    const sorted = ms.sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
  };
  const status = async () => (await post('/apis/audience/syncStatus', { appid: big.appid }, big.token))['status'] as Record<string, any>;

  await series('warm');
  const quiet = await series('quiet');
  const started = await post('/apis/audience/sync', { appid: big.appid }, big.token);
  if (started['errcode'] !== 0) throw new Error(`sync answered ${JSON.stringify(started)}`);
  while ((await status())['checked'] === 0) await new Promise((r) => setTimeout(r, 200));
  const before = (await status())['checked'] as number;
  const busy = await series('busy');
  const after = await status();
  if (after['state'] !== 'running') console.log(`(the sync ended before the busy series did: ${after['state']}; raise BULK_BENCH_FOLLOWERS)`);
  // Let the sync finish so the stack stops clean.
  for (let s = after; s['state'] === 'running'; s = await status()) await new Promise((r) => setTimeout(r, 500));
  await simCall('PUT', '/__sim/latency', { appid: big.appid, off: true });
  return { followers, messages, quiet, busy, syncChecked: [before, after['checked'] as number], firstAttemptOk };
};

export const printBulkVsCallbackBench = (n: BulkVsCallbackNumbers): void => {
  const f = (x: number) => x.toFixed(1).padStart(7);
  console.log(`\n## Another tenant's callback during a ${n.followers.toLocaleString('en-US')}-follower sync (issue 26), ${n.messages} messages a series, ms`);
  console.log(`                    p50      p95      max`);
  console.log(`without the sync ${f(n.quiet.p50)}  ${f(n.quiet.p95)}  ${f(n.quiet.max)}`);
  console.log(`during the sync  ${f(n.busy.p50)}  ${f(n.busy.p95)}  ${f(n.busy.max)}   (sync at ${n.syncChecked[0]}→${n.syncChecked[1]} followers checked)`);
  console.log(`every message answered 200 at WeChat's first attempt: ${n.firstAttemptOk ? 'yes' : 'NO'}`);
};

// `npm run bench:bulk`: this bench alone, on its own local stack.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { startLocalStack } = await import('../local/stack');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const stack = await startLocalStack({ root, port: 0 });
  try {
    printBulkVsCallbackBench(await runBulkVsCallbackBench(stack));
  } finally {
    await stack.stop();
  }
}
