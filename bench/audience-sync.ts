import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMails } from '../local/ses-local';
import type { LocalStack } from '../local/stack';
import type { SyncMeter } from '../src/audience/sync';

/**
 * The follower directory's sync at size (issue 26): 250,000 simulated followers (the simulator's
 * seeded audience, each WeChat call answered after 30–80 ms), synced through the real route, queue
 * and worker into DynamoDB Local. Measured: wall time, WeChat calls, DynamoDB requests, items and
 * the capacity DynamoDB reports (ReturnConsumedCapacity), and the bytes of what was written.
 * Then a MODEL (labelled as one) of 1,000,000 followers on AWS from those rates.
 */

/** DynamoDB on-demand, us-east-1, since 2024-11-01: per million write / read request units; GB-month. */
const price = { write: 0.625, read: 0.125, storageGb: 0.25 };
/** DynamoDB's latency per batch request from a Lambda in the same region (p50 of BatchWriteItem of 25 small items, BatchGetItem of 100). */
const awsBatchMs = { write: 12, read: 8, checkpoint: 6 };

export interface AudienceBenchNumbers {
  followers: number;
  wallSeconds: number;
  wechat: { userGet: number; batchget: number };
  dynamo: { writeRequests: number; itemsWritten: number; writeUnits: number; writeUnitsBySize: number; readRequests: number; readUnits: number; checkpoints: number };
  bytesWritten: number;
}

/** Follows the verification mail as the console's page does: the token, to /apis/user/verify. */
export const verifyMailedUser = async (stack: LocalStack, email: string): Promise<void> => {
  const mail = (await readMails(stack.sesEndpoint)).find((m) => m.destination.to.includes(email));
  const token = mail?.body.text?.match(/#\/verify\?token=([\w%-]+)/)?.[1];
  if (!token) throw new Error(`no verification mail for ${email}`);
  await fetch(`${stack.baseUrl}/apis/user/verify?token=${token}`);
};

const meterKey = Symbol.for('socialinzen.audience.syncMeter');

export const runAudienceBench = async (stack: LocalStack, token: string, followers = Number(process.env['AUDIENCE_BENCH_FOLLOWERS'] ?? 250_000)): Promise<AudienceBenchNumbers> => {
  const sim = stack.wechatSimulator!;
  const simCall = async (method: string, path: string, body?: unknown) =>
    (await (await fetch(`${sim}${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) })).json()) as Record<string, any>;
  const account = await simCall('POST', '/__sim/accounts', {});
  const bind = await fetch(`${stack.baseUrl}/apis/accounts/bindDirect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: new URLSearchParams({ appid: account['appid'], appsecret: account['secret'], token: account['token'], encodingAESKey: account['aesKey'] }),
  });
  const bound = (await bind.json()) as Record<string, any>;
  if (bound['errcode'] !== 0) throw new Error(`bindDirect answered ${JSON.stringify(bound)}`);
  await simCall('POST', '/__sim/audience/seed', { appid: account['appid'], count: followers, seed: 'bench' });
  await simCall('PUT', '/__sim/latency', { appid: account['appid'], minMs: 30, maxMs: 80 });
  await simCall('POST', '/__sim/calls/reset');

  const meter: SyncMeter = { writes: { requests: 0, items: 0, capacityUnits: 0, bytes: 0, units: 0 }, reads: { requests: 0, capacityUnits: 0 }, checkpoints: 0, wechatMs: 0, dynamoMs: 0 };
  (globalThis as Record<symbol, unknown>)[meterKey] = meter;
  const api = async (route: string) => {
    const res = await fetch(`${stack.baseUrl}/apis/audience/${route}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new URLSearchParams({ appid: account['appid'] }) });
    return (await res.json()) as Record<string, any>;
  };
  const start = performance.now();
  const started = await api('sync');
  if (started['errcode'] !== 0) throw new Error(`sync answered ${JSON.stringify(started)}`);
  let status: Record<string, any>;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    status = (await api('syncStatus'))['status'];
    if (status['state'] !== 'running') break;
    if (performance.now() - start > 40 * 60_000) throw new Error(`the sync is still running after 40 minutes: ${JSON.stringify(status)}`);
  }
  const wallSeconds = (performance.now() - start) / 1000;
  delete (globalThis as Record<symbol, unknown>)[meterKey];
  if (status['state'] !== 'done') throw new Error(`the sync ended ${JSON.stringify(status)}`);
  const calls = (await simCall('GET', `/__sim/calls?appid=${account['appid']}`)) as Record<string, number>;
  // Bytes as DynamoDB sizes items (attribute names + values), counted on every item written.
  const bytesWritten = meter.writes.bytes ?? 0;
  return {
    followers,
    wallSeconds,
    wechat: { userGet: calls['cgi-bin/user/get'] ?? 0, batchget: calls['cgi-bin/user/info/batchget'] ?? 0 },
    dynamo: {
      writeRequests: meter.writes.requests,
      itemsWritten: meter.writes.items,
      writeUnits: meter.writes.capacityUnits,
      writeUnitsBySize: meter.writes.units ?? 0,
      readRequests: meter.reads.requests,
      readUnits: meter.reads.capacityUnits,
      checkpoints: meter.checkpoints,
    },
    bytesWritten,
  };
};

/** The 1,000,000-follower model (not a measurement): the measured per-follower rates, AWS's prices and latencies. */
export const modelMillion = (n: AudienceBenchNumbers, wechatMs = 55, parallel = 8) => {
  const scale = 1_000_000 / n.followers;
  const batchget = Math.ceil(1_000_000 / 100);
  const steps = Math.ceil(batchget / parallel);
  const writeBatchesPerStep = n.dynamo.writeRequests / Math.max(1, n.dynamo.checkpoints);
  // A step: the slowest of `parallel` batchget calls (≈ the upper end of 30–80 ms) beside the reads, then the writes 8 at a time, then the checkpoint.
  const stepMs = Math.max(wechatMs * 1.35, awsBatchMs.read) + Math.ceil(writeBatchesPerStep / 8) * awsBatchMs.write + awsBatchMs.checkpoint;
  const minutes = (steps * stepMs) / 60_000;
  const writeUnits = Math.max(n.dynamo.writeUnits, n.dynamo.writeUnitsBySize) * scale + n.dynamo.checkpoints * scale;
  // BatchGetItem, eventually consistent: half a unit per item up to 4 KB (DynamoDB Local reports none).
  const readUnits = Math.max(n.dynamo.readUnits, n.followers * 0.5) * scale;
  const fullSyncDollars = (writeUnits / 1e6) * price.write + (readUnits / 1e6) * price.read;
  // Keeping it current, a month: 1% of followers follow or unfollow a day (each: the consumer's
  // transaction, i.e. 2× the units, of ~3 items and its mark), and the daily resync reads every
  // follower (0.5 unit each) and rewrites the 1% that changed.
  const eventsPerDay = 10_000;
  const eventUnits = eventsPerDay * 4 * 2;
  const resyncUnits = { read: 1_000_000 * 0.5, write: 10_000 * (writeUnits / 1e6) };
  const monthlyDollars = (30 * (eventUnits + resyncUnits.write)) / 1e6 * price.write + (30 * resyncUnits.read) / 1e6 * price.read + ((n.bytesWritten * scale) / 1e9) * price.storageGb;
  return { minutes, stepMs, writeUnits, readUnits, fullSyncDollars, monthlyDollars, storageGb: (n.bytesWritten * scale) / 1e9 };
};

export const printAudienceBench = (n: AudienceBenchNumbers): void => {
  const m = modelMillion(n);
  const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`\n## Follower sync (issue 26): ${f(n.followers)} simulated followers, WeChat answering in 30–80 ms`);
  console.log(`measured here: ${f(n.wallSeconds, 1)} s wall (target ≤ 180 s)`);
  console.log(`  WeChat calls: ${f(n.wechat.userGet)} user/get + ${f(n.wechat.batchget)} batchget`);
  console.log(`  DynamoDB: ${f(n.dynamo.writeRequests)} BatchWriteItem (${f(n.dynamo.itemsWritten)} items, ${f(n.dynamo.writeUnits)} WCU reported by ReturnConsumedCapacity, ${f(n.dynamo.writeUnitsBySize)} by item size), ${f(n.dynamo.readRequests)} BatchGetItem (${f(n.dynamo.readUnits, 1)} RCU reported), ${f(n.dynamo.checkpoints)} checkpoints`);
  console.log(`  ${f(n.bytesWritten / 1e6, 1)} MB written (${f(n.bytesWritten / Math.max(1, n.dynamo.itemsWritten))} B per item, ${f(n.dynamo.itemsWritten / n.followers, 2)} items per follower)`);
  console.log(`MODEL (not measured) of 1,000,000 followers on AWS, on-demand table:`);
  console.log(`  ${f(m.minutes, 1)} min (${f(m.stepMs)} ms per step of 800 followers; target ≤ 10 min)`);
  console.log(`  DynamoDB per full sync: ${f(m.writeUnits)} WRU + ${f(m.readUnits)} RRU = $${f(m.fullSyncDollars, 2)} (target ≤ $1.50)`);
  console.log(`  keeping it current: $${f(m.monthlyDollars, 2)} a month (10,000 follows/unfollows a day, a daily resync that reads all and writes the 1% changed, ${f(m.storageGb, 2)} GB stored)`);
};

// `npm run bench:audience`: this bench alone, on its own local stack.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { startLocalStack } = await import('../local/stack');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const stack = await startLocalStack({ root, port: 0 });
  try {
    const post = async (path: string, form: Record<string, string>) =>
      (await (await fetch(`${stack.baseUrl}${path}`, { method: 'POST', body: new URLSearchParams(form) })).json()) as Record<string, any>;
    const user = { username: `bench_audience_${process.pid}`, password: 'bench-password-1', email: `bench-audience-${process.pid}@example.com` };
    let registered = await post('/apis/user/register', user);
    // The registration rate limit of an earlier run on the same local data may still hold.
    for (let i = 0; registered['errcode'] === 42900 && i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1000 * Number(registered['retry_after'] ?? 1)));
      registered = await post('/apis/user/register', user);
    }
    if (registered['errcode'] !== 0) throw new Error(`register answered ${JSON.stringify(registered)}`);
    await verifyMailedUser(stack, user.email);
    const login = await post('/apis/user/login', { username: user.username, password: user.password });
    if (login['errcode'] !== 0) throw new Error(`login answered ${JSON.stringify(login)}`);
    const token = String(login['access_token']);
    const numbers = await runAudienceBench(stack, token);
    printAudienceBench(numbers);
    console.log(JSON.stringify({ audienceBench: numbers, model: modelMillion(numbers) }));
  } finally {
    await stack.stop();
  }
}
