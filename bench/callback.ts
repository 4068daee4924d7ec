import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildOptions } from '../lib/bundling';
import { db } from '../src/core/data/client';
import { ruleItem } from '../src/replies/data/reply-rules';
import { normalizeKeyword } from '../src/replies/reply-schema';
import { benchMatching, sealedDelivery, startPeerServer, type PipelineNumbers } from './callback-pipeline';
import type { GatewayOverhead } from './gateway';
import { measureInterleaved, report, type Measurement } from './harness';

/**
 * The callback's benchmark (issue 12): DynamoDB requests per message counted on the client,
 * in-process µs beside node-webot's `wechat` and the crypto floor, end to end at c=4 and c=16
 * through the local gateway beside the peer on a plain node server (same driver), and 10 vs
 * 10,000 `contains` rules.
 */

/** Seeds `count` text rules of one match mode straight into the table, then bumps the account's rulesVersion. */
export const seedRules = async (tableName: string, appid: string, count: number, match: 'exact' | 'contains' = 'exact'): Promise<void> => {
  const now = new Date().toISOString();
  const items = Array.from({ length: count }, (_, i) =>
    ruleItem(
      { appid, keyword: `keyword-${i}`, match, reply: { type: 'text', content: { content: `answer ${i}` } }, version: 1, createdAt: now, updatedAt: now },
      normalizeKeyword(`keyword-${i}`),
    ),
  );
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: `ACCOUNT#${appid}`, sk: 'ACCOUNT' },
      UpdateExpression: 'SET rulesVersion = :v',
      ExpressionAttributeValues: { ':v': randomUUID() },
    }),
  );
};

/**
 * The in-process comparison as Lambda runs the code: bench/pipeline-process.ts bundled with the
 * stack's esbuild options (the peer bundled alike) and run in a fresh Node process. Under tsx
 * (what `npm run bench` itself runs in) every inner function pays a keep-names wrapper call the
 * shipped bundle does not have, and only our TypeScript is transformed, so that would not compare
 * like with like.
 */
export const benchPipelineBundled = async (): Promise<PipelineNumbers> => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = mkdtempSync(join(tmpdir(), 'socialinzen-pipeline-'));
  try {
    const outfile = join(dir, 'pipeline.mjs');
    await build({ ...esbuildOptions, entryPoints: [join(root, 'bench/pipeline-process.ts')], absWorkingDir: root, outfile, logLevel: 'silent' });
    const out = execFileSync(process.execPath, [outfile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return JSON.parse(out.trim().split('\n').at(-1)!) as PipelineNumbers;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Counts every request the product's DynamoDB client sends (the gateway's handlers share it). */
let dynamoRequests = 0;
db.middlewareStack.add(
  (next) => async (args) => {
    dynamoRequests++;
    return next(args);
  },
  { step: 'initialize', name: 'benchCountRequests' },
);

type Account = { appid: string; token: string; aesKey: string };

const post = async (url: string, delivery: ReturnType<typeof sealedDelivery>, expectReply: boolean) => {
  const res = await fetch(`${url}?${new URLSearchParams(delivery.query)}`, { method: 'POST', body: delivery.body });
  const body = await res.text();
  if (res.status !== 200 || (expectReply && !body.startsWith('<xml><Encrypt>'))) throw new Error(`callback answered ${res.status} ${body.slice(0, 200)}`);
};

/** Requests per message on a warm container: sends `count` messages after a warm-up and counts. */
const requestsPerMessage = async (url: string, account: Account, text: string, count = 50): Promise<number> => {
  await post(url, sealedDelivery(text, account), false);
  const before = dynamoRequests;
  for (let i = 0; i < count; i++) await post(url, sealedDelivery(text, account), false);
  return (dynamoRequests - before) / count;
};

export const runCallbackBench = async (
  stack: { baseUrl: string; wechatSimulator?: string | undefined; tableName: string },
  token: string,
): Promise<void> => {
  const bind = async () => {
    const account = (await (await fetch(`${stack.wechatSimulator}/__sim/accounts`, { method: 'POST' })).json()) as Account & { secret: string };
    const bound = await fetch(`${stack.baseUrl}/apis/accounts/bindDirect?access_token=${token}`, {
      method: 'POST',
      body: new URLSearchParams({ appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey }),
    });
    if (((await bound.json()) as { errcode: number }).errcode !== 0) throw new Error('bindDirect failed');
    return account;
  };
  const url = (account: Account) => `${stack.baseUrl}/wxplatform/callback/${account.appid}`;

  // 1. In process, interleaved: ours, the peer, the crypto floor.
  const pipeline = await benchPipelineBundled();
  const matching = benchMatching();
  console.log('\ncallback in-process pipeline (verify, decrypt, parse, match, build, encrypt), bundled as deployed, median CPU µs per message:');
  console.table({
    ours: pipeline.oursUs.toFixed(1),
    'node-webot wechat (peer)': pipeline.peerUs.toFixed(1),
    'crypto floor (decrypt + encrypt)': pipeline.floorUs.toFixed(1),
    'ours / peer (median of per-round ratios; target <= 0.4)': pipeline.oursToPeer.toFixed(2),
    'ours / floor (median of per-round ratios; target <= 3)': pipeline.oursToFloor.toFixed(2),
    'floor with the cipher kept per key, as ours': pipeline.chainedFloorUs.toFixed(1),
    'ours / that floor': pipeline.oursToChainedFloor.toFixed(2),
  });
  console.log(
    `matching alone, µs per text: 10 contains rules ${matching.tenUs.toFixed(2)}, 10,000 contains rules ${matching.tenThousandUs.toFixed(2)} (ratio ${(matching.tenThousandUs / matching.tenUs).toFixed(2)})`,
  );

  // 2. The local gateway's own cost per request (no-op handlers behind the real route table vs a bare
  //    server), in a fresh process (bench/gateway-process.ts), before the stack has work of its own.
  const gatewayOut = execFileSync(process.execPath, ['--import', 'tsx', resolve(dirname(fileURLToPath(import.meta.url)), 'gateway-process.ts')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const gateway = JSON.parse(gatewayOut.trim().split('\n').at(-1)!) as GatewayOverhead;
  console.log(
    `\nlocal gateway's own cost, CPU µs per request at c=16 (driver included on both sides): bare node:http ${gateway.bareUs.toFixed(0)}, gateway with no-op handlers ${gateway.gatewayUs.toFixed(0)}, overhead ${gateway.overheadUs.toFixed(0)}`,
  );

  // 3. DynamoDB requests per message (warm), counted on the client.
  const small = await bind();
  await seedRules(stack.tableName, small.appid, 10, 'contains');
  const matched = await requestsPerMessage(url(small), small, 'I want keyword-3 please');
  const unmatched = await requestsPerMessage(url(small), small, 'nothing to match here');
  console.log(`DynamoDB requests per message (warm): matched ${matched.toFixed(2)}, not matched ${unmatched.toFixed(2)}`);

  // 4. End to end through the local gateway beside the peer on a plain node server, same driver
  //    (fetch from this process), interleaved; before the 10,000-rule account exists, whose first
  //    message's late path (the reply queued, its worker retrying) would add work of its own.
  const peer = await startPeerServer();
  const peerAccount = { appid: 'wxbench0000000001', token: 'benchToken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
  const ourRequest = (account: Account, modulo: number) => async (i: number) =>
    post(url(account), sealedDelivery(`x keyword-${(i >>> 0) % modulo} y`, account), true);
  const rows: Measurement[] = [];
  try {
    for (const concurrency of [4, 16]) {
      // Side by side: short rounds of each in turn, samples pooled (bench/harness.ts).
      rows.push(
        ...(await measureInterleaved(
          [
            { name: `callback, 10 contains rules, c=${concurrency}`, fn: ourRequest(small, 10) },
            { name: `peer (node-webot wechat), c=${concurrency}`, fn: async (i) => post(peer.url, sealedDelivery(`keyword-${(i >>> 0) % 10}`, peerAccount), true) },
          ],
          { count: 400, concurrency, rounds: 4 },
        )),
      );
    }
  } finally {
    peer.server.close();
  }

  // 5. 10 vs 10,000 `contains` rules, side by side.
  const large = await bind();
  let seeding = Date.now();
  await seedRules(stack.tableName, large.appid, 10_000, 'contains');
  console.log(`\nseeded 10,000 contains rules in ${Date.now() - seeding} ms`);
  seeding = Date.now();
  // The first message loads and compiles the set; on a slow machine it may miss the 4 s budget and go
  // the late path (answered `success`, the reply queued), which is what it is for.
  await post(url(large), sealedDelivery('warm keyword-1 up', large), false);
  console.log(`first message after the seed (loads and compiles 10,000 rules): ${Date.now() - seeding} ms`);
  await post(url(large), sealedDelivery('warm keyword-2 up', large), true);
  const [ten, tenThousand] = await measureInterleaved(
    [
      { name: 'callback, 10 contains rules, c=4 (beside 10,000)', fn: ourRequest(small, 10) },
      { name: 'callback, 10,000 contains rules, c=4', fn: ourRequest(large, 10_000) },
    ],
    { count: 200, concurrency: 4, rounds: 4 },
  );
  rows.push(ten!, tenThousand!);
  report(rows);
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
  for (const c of [4, 16]) {
    const ours = byName[`callback, 10 contains rules, c=${c}`]!;
    const theirs = byName[`peer (node-webot wechat), c=${c}`]!;
    console.log(`c=${c}: ours/peer req/s ${(ours.rps / theirs.rps).toFixed(2)}, p50 ${(ours.medianMs / theirs.medianMs).toFixed(2)}×, p99 ${(ours.p99Ms / theirs.p99Ms).toFixed(2)}×`);
  }
  console.log(`callback median, 10,000 / 10 contains rules: ${(tenThousand!.medianMs / ten!.medianMs).toFixed(2)}`);
};
