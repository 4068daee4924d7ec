import { performance } from 'node:perf_hooks';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { functionList } from '../lib/functions';
import { bundleDefine } from '../lib/bundling';
import { startLocalStack } from '../local/stack';
import { readMails } from '../local/ses-local';
import { db } from '../src/core/data/client';
import { buildFunction } from './bundles';
import { sealedDelivery } from './callback-pipeline';

/**
 * What one operation of a tenant costs in DynamoDB (issue 29, item 6; docs/tenant-costs.md):
 * requests, read and write capacity units as DynamoDB reports them (ReturnConsumedCapacity=INDEXES
 * added to every request of the product's own document client, which the local gateway's handlers
 * share), request and answer bytes on the wire, the local wall time, and each function's bundle.
 * `npx tsx bench/tenant-costs.ts` (starts and stops its own local stack). DynamoDB Local computes the
 * units with DynamoDB's rules (item size rounded up to 1 KB for writes, 4 KB for reads, halves for
 * eventually consistent reads, twice for transactions).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Meter {
  requests: number;
  rcu: number;
  wcu: number;
  sentBytes: number;
  receivedBytes: number;
  commands: Record<string, number>;
}

const emptyMeter = (): Meter => ({ requests: 0, rcu: 0, wcu: 0, sentBytes: 0, receivedBytes: 0, commands: {} });
let meter = emptyMeter();

// The low-level commands the document client sends (its middleware runs on the DynamoDB client's stack).
const readCommands = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
type Consumed = { CapacityUnits?: number };

db.middlewareStack.add(
  (next, context) => async (args) => {
    (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'INDEXES';
    const result = await next(args);
    const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
    const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    const name = context.commandName ?? 'unknown';
    meter.requests += 1;
    meter.commands[name] = (meter.commands[name] ?? 0) + 1;
    if (readCommands.has(name)) meter.rcu += units;
    else meter.wcu += units;
    return result;
  },
  { step: 'initialize', name: 'benchConsumedCapacity' },
);
db.middlewareStack.add(
  (next) => async (args) => {
    const request = args.request as HttpRequest;
    const body: unknown = request.body;
    meter.sentBytes += typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : Number(request.headers['content-length'] ?? 0);
    const result = await next(args);
    meter.receivedBytes += Number((result.response as HttpResponse).headers['content-length'] ?? 0);
    return result;
  },
  { step: 'deserialize', name: 'benchWireBytes' },
);

export interface OperationCost {
  operation: string;
  functionId: string;
  count: number;
  requests: number;
  rcu: number;
  wcu: number;
  sentBytes: number;
  receivedBytes: number;
  medianMs: number;
  commands: string;
}

/** Runs `fn` `count` times after `warmup`, one at a time, and answers the per-operation averages. */
const measure = async (operation: string, functionId: string, count: number, fn: (i: number) => Promise<void>, warmup = 2): Promise<OperationCost> => {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  await new Promise((r) => setTimeout(r, 200));
  meter = emptyMeter();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  const m = meter;
  times.sort((a, b) => a - b);
  return {
    operation,
    functionId,
    count,
    requests: m.requests / count,
    rcu: m.rcu / count,
    wcu: m.wcu / count,
    sentBytes: m.sentBytes / count,
    receivedBytes: m.receivedBytes / count,
    medianMs: times[Math.floor(times.length / 2)]!,
    commands: Object.entries(m.commands)
      .map(([k, v]) => `${k.replace('Command', '')}×${+(v / count).toFixed(2)}`)
      .join(' '),
  };
};

export const measureTenantCosts = async (): Promise<{ operations: OperationCost[]; bundles: Record<string, { kb: number; kbWithoutSdk: number }> }> => {
  const stack = await startLocalStack({ root, port: 0 });
  const base = stack.baseUrl;
  const sim = stack.wechatSimulator!;
  const form = async (path: string, body: Record<string, string>, token?: string) => {
    const res = await fetch(`${base}${path}${token ? `?access_token=${token}` : ''}`, { method: 'POST', body: new URLSearchParams(body) });
    const json = (await res.json()) as Record<string, any>;
    if (json['errcode'] !== 0) throw new Error(`${path} answered ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  const json = async (path: string, body: unknown, token: string) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await res.json()) as Record<string, any>;
    if (answer['errcode'] !== 0) throw new Error(`${path} answered ${JSON.stringify(answer).slice(0, 300)}`);
    return answer;
  };
  const simPost = async (path: string, body: unknown) =>
    (await (await fetch(`${sim}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, any>;

  try {
    const operations: OperationCost[] = [];
    let registered = 0;
    const register = async () => {
      const tag = `${process.pid}_${registered++}`;
      const user = { username: `cost_${tag}`, password: 'cost-password-1', email: `cost_${tag}@example.com` };
      await form('/apis/user/register', user);
      return user;
    };
    operations.push(await measure('register (user, markers, link, mail)', 'user.register', 5, async () => void (await register()), 1));

    const user = await register();
    const mail = (await readMails(stack.sesEndpoint)).find((m) => m.destination.to.includes(user.email))!;
    await fetch(mail.body.text!.match(/https?:\/\/\S+/)![0]);
    let token = '';
    operations.push(
      await measure('login (scrypt, session)', 'user.login', 10, async () => {
        token = (await form('/apis/user/login', { username: user.username, password: user.password }))['access_token'];
      }),
    );
    operations.push(
      await measure('me (session, accounts query)', 'user.me', 20, async () => {
        const res = await fetch(`${base}/apis/user/me`, { headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`me answered ${res.status}`);
        await res.arrayBuffer();
      }),
    );

    const account = (await simPost('/__sim/accounts', {})) as { appid: string; secret: string; token: string; aesKey: string };
    await form('/apis/accounts/bindDirect', { appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey }, token);
    const appid = account.appid;

    operations.push(
      await measure('add a rule (rule + rulesVersion, one transaction)', 'replies.add', 20, async (i) => {
        await json('/apis/wxreplymanage/addReply', { appid, type: 'text', request: `keyword-${i + 10}`, reply: `answer ${i}`, match: i % 2 ? 'contains' : 'exact' }, token);
      }),
    );
    operations.push(
      await measure('list rules (a page of 22 rules)', 'replies.list', 20, async () => {
        await json('/apis/wxreplymanage/listReply', { appid, limit: 50 }, token);
      }),
    );

    const callbackUrl = `${base}/wxplatform/callback/${appid}`;
    const deliver = async (text: string) => {
      const delivery = sealedDelivery(text, account);
      const res = await fetch(`${callbackUrl}?${new URLSearchParams(delivery.query)}`, { method: 'POST', body: delivery.body });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`callback answered ${res.status} ${body.slice(0, 200)}`);
    };
    operations.push(await measure('callback: a text that matches a rule (warm)', 'callback.message', 50, () => deliver('I want keyword-11 please'), 3));
    operations.push(await measure('callback: a text that matches nothing (warm)', 'callback.message', 50, () => deliver('nothing to match here'), 3));
    operations.push(
      await measure('inbox: one page (20 messages)', 'inbox.list', 20, async () => {
        await json('/apis/inbox/listMessages', { appid, limit: 20 }, token);
      }),
    );
    const follower = 'o_bench_follower_0000000000';
    await simPost('/__sim/follower/interaction', { appid, openid: follower });
    operations.push(
      await measure('send: a customer-service text (inbox.reply)', 'inbox.reply', 10, async (i) => {
        await json('/apis/inbox/reply', { appid, openid: follower, type: 'text', content: `reply ${i}` }, token);
      }),
    );
    const tag = (await simPost('/__sim/tags', { appid, name: 'cost' })) as { id: number };
    await simPost('/__sim/followers', { appid, count: 200, tagid: tag.id });
    operations.push(
      await measure('sync: a page of 100 followers of a tag from WeChat (getGroupUsers)', 'groups.users', 10, async () => {
        await json('/apis/wxplatform/getGroupUsers', { appid, groupId: tag.id, limit: 100 }, token);
      }),
    );

    const bundles: Record<string, { kb: number; kbWithoutSdk: number }> = {};
    for (const id of new Set(operations.map((o) => o.functionId))) {
      const fn = functionList.find((f) => f.id === id)!;
      const define = bundleDefine(fn);
      const [whole, own] = await Promise.all([
        buildFunction(root, fn.handler, { sdk: 'bundled', define }),
        buildFunction(root, fn.handler, { sdk: 'external', define }),
      ]);
      bundles[id] = { kb: whole.bytes / 1024, kbWithoutSdk: own.bytes / 1024 };
    }
    return { operations, bundles };
  } finally {
    await stack.stop();
  }
};

export const printTenantCosts = async (): Promise<void> => {
  const { operations, bundles } = await measureTenantCosts();
  console.log('\nDynamoDB per operation, as DynamoDB Local reports it (ReturnConsumedCapacity=INDEXES), averages:');
  console.table(
    operations.map((o) => ({
      operation: o.operation,
      function: o.functionId,
      n: o.count,
      requests: +o.requests.toFixed(2),
      RCU: +o.rcu.toFixed(2),
      WCU: +o.wcu.toFixed(2),
      'bytes sent': Math.round(o.sentBytes),
      'bytes received': Math.round(o.receivedBytes),
      calls: o.commands,
      'local median ms': +o.medianMs.toFixed(1),
      'bundle KB (w/o SDK)': `${bundles[o.functionId]!.kb.toFixed(0)} (${bundles[o.functionId]!.kbWithoutSdk.toFixed(0)})`,
    })),
  );
};

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';
  await printTenantCosts();
}
