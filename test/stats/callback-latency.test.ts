import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { callbackMessage } from '../../src/callback/routes';
import type { AccessLogRecord } from '../../src/core/observability/access-log';
import { addDays, shanghaiDay } from '../../src/stats/days';
import { bucketOf, bucketUpperMs } from '../../src/stats/latency-histogram';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { itemsOf } from '../support/faults';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * The callback's latency as API Gateway measures it: the stage's access log (JSON lines, fields of
 * API Gateway's "Customize HTTP API access logs": docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html)
 * delivered through a subscription filter (CloudWatch Logs' gzipped, base64 `awslogs.data`:
 * docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html) to
 * src/stats/handlers/callbackLatency.ts, folded into per-account, per-day histograms. Locally the
 * gateway writes the same lines to the same handler (local/access-log.ts).
 */
let handler: (event: CloudWatchLogsEvent) => Promise<{ lines: number; counted: number; skipped: number; shares: number; already: number }>;

beforeAll(async () => {
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = inject('dynamoFaults');
  ({ handler } = await import('../../src/stats/handlers/callbackLatency'));
});

const today = () => shanghaiDay(Date.now());
const anAppid = () => `wx${randomBytes(8).toString('hex')}`;
const routeKey = `${callbackMessage.method} ${callbackMessage.path}`;

const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 300));
  }
};

/** An access-log line as the stage writes it (every value a string, `-` for none). */
const line = (appid: string, latencyMs: number, time: number, extra: Partial<AccessLogRecord> = {}): AccessLogRecord => ({
  requestId: randomBytes(8).toString('hex'),
  ip: '101.226.103.0',
  time: String(time),
  routeKey,
  path: `/wxplatform/callback/${appid}`,
  status: '200',
  responseLength: '0',
  latency: String(latencyMs),
  integrationLatency: String(Math.max(0, latencyMs - 2)),
  integrationError: '-',
  userAgent: 'Mozilla/4.0',
  ...extra,
});

let eventId = BigInt(Date.now()) * 10n ** 20n + 7n;
const delivery = (records: (AccessLogRecord | string)[]): CloudWatchLogsEvent => {
  const data = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: 'ApiAccessLogs',
    logStream: '$default',
    subscriptionFilters: ['CallbackLatencySubscription'],
    logEvents: records.map((r) => ({ id: String(eventId++), timestamp: Date.now(), message: typeof r === 'string' ? r : JSON.stringify(r) })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
};

const latencyItem = async (appid: string, day: string) => (await itemsOf(`STATS#${appid}`)).find((i) => i['sk'] === `LAT#${day}`);

describe('the callback’s API Gateway latency', () => {
  it('measures every callback message through the local gateway: the day’s count, and a p50 ≤ p95 no slower than WeChat waited', async () => {
    // Prepare: an account and 12 followers' messages delivered to its callback as WeChat delivers them
    const owner = await userWithDirectAccount();
    const n = 12;
    const waited: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: `第${i}条` } });
      waited.push(performance.now() - started);
    }

    // Act: the gateway's access log reaches the subscriber within its flush (1 s)
    const range = { from: today(), to: today() };
    const messages = await eventually(
      () => as(owner, '/apis/stats/messages', range),
      (r) => r.body.days?.[0]?.latency?.count === n,
    );
    const overview = await as(owner, '/apis/stats/overview', range);

    // Assess: every request counted once; the gateway's latency is part of what the sender waited
    // (each request's ≤ its wait, so the median's ≤ the waits' median; the histogram reads ≤ 9.05% high)
    const { p50, p95, count } = messages.body.days[0].latency;
    expect(count, messages.text).toBe(n);
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(p50).toBeLessThanOrEqual(p95);
    const sorted = [...waited].sort((a, b) => a - b);
    expect(p50).toBeLessThanOrEqual(Math.ceil(sorted[Math.ceil(n / 2) - 1]! * 1.0905) + 1);
    expect(p95).toBeLessThanOrEqual(Math.ceil(sorted[n - 1]! * 1.0905) + 1);
    expect(overview.body.latency).toEqual({ p50, p95, count: n });
    console.log(`[callback latency] ${n} messages through the local gateway: p50 ${p50} ms, p95 ${p95} ms; sender waited median ${sorted[Math.ceil(n / 2) - 1]!.toFixed(1)} ms`);
  }, 90_000);

  it('counts a delivery once however often Lambda retries it, per account and per Shanghai day', async () => {
    // Prepare: two accounts, one with requests on two days (23:59 and 00:01 in Shanghai)
    const [a, b] = [anAppid(), anAppid()];
    const midnight = Date.parse('2026-12-01T16:00:00Z'); // 2026-12-02 00:00 Asia/Shanghai
    const event = delivery([
      line(a, 5, midnight - 60_000),
      line(a, 7, midnight - 50_000),
      line(a, 300, midnight + 60_000),
      line(b, 12, midnight + 60_000),
    ]);

    // Act: delivered three times (the function's two retries)
    const reports = [await handler(event), await handler(event), await handler(event)];

    // Assess
    expect(reports.map((r) => [r.counted, r.shares, r.already])).toEqual([
      [4, 3, 0],
      [4, 3, 3],
      [4, 3, 3],
    ]);
    expect(await latencyItem(a, '2026-12-01')).toMatchObject({ count: 2, sumMs: 12, b5: 1, b7: 1 });
    expect(await latencyItem(a, '2026-12-02')).toMatchObject({ count: 1, sumMs: 300 });
    expect(await latencyItem(b, '2026-12-02')).toMatchObject({ count: 1, sumMs: 12, b12: 1 });
  });

  it('adds a later delivery to the same day, and leaves out what no function answered or is not the callback', async () => {
    // Prepare
    const appid = anAppid();
    const time = Date.parse('2026-12-03T04:00:00Z');
    await handler(delivery([line(appid, 10, time), line(appid, 20, time)]));

    // Act: a second delivery with a throttled request (no integration), a stray route, a broken line, two bad paths
    const report = await handler(
      delivery([
        line(appid, 40, time),
        line(appid, 0, time, { status: '429', integrationLatency: '-' }),
        line(appid, 9, time, { routeKey: 'POST /apis/stats/overview', path: '/apis/stats/overview' }),
        'not json',
        line(appid, 9, time, { path: '/wxplatform/callback/not-an-appid' }),
        // A probe's malformed escape (the route fuzz sends them): skipped, the delivery still counted
        line(appid, 9, time, { path: '/wxplatform/callback/%E0%A4%A' }),
      ]),
    );

    // Assess
    expect(report).toEqual({ lines: 6, counted: 1, skipped: 5, shares: 1, already: 0 });
    expect(await latencyItem(appid, '2026-12-03')).toMatchObject({ count: 3, sumMs: 70 });
  });

  it('answers CloudWatch Logs’ control message (sent when the filter is made) without counting', async () => {
    const data = { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: Date.now(), message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.' }] };
    expect(await handler({ awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } })).toMatchObject({ counted: 0 });
  });

  it('reads a range’s p50/p95 from the days’ histograms added together', async () => {
    // Prepare: a fast day and a slow day of one account
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const day1 = addDays(today(), -2);
    const t1 = Date.parse(`${day1}T04:00:00Z`);
    const t2 = t1 + 86_400_000;
    await handler(delivery([...Array.from({ length: 10 }, () => line(appid, 4, t1)), ...Array.from({ length: 10 }, () => line(appid, 100, t2))]));

    // Act
    const range = { from: day1, to: addDays(day1, 1) };
    const [days, overview] = [await as(owner, '/apis/stats/messages', range), await as(owner, '/apis/stats/overview', range)];

    // Assess: each day its own; the range's median is the fast day's top, its p95 the slow day's
    // (100 ms is read as its bucket's top, 107: within the histogram's 9.05%)
    const slow = bucketUpperMs(bucketOf(100));
    expect(slow).toBe(107);
    expect(days.body.days.map((d: { latency: unknown }) => d.latency)).toEqual([
      { p50: 4, p95: 4, count: 10 },
      { p50: slow, p95: slow, count: 10 },
    ]);
    expect(overview.body.latency).toEqual({ p50: 4, p95: slow, count: 20 });
  });
});
