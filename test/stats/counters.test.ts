import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { localRecordQueues } from '../../local/record-stream';
import { inboxKey, toItem, type InboxAnswer } from '../../src/inbox/data/messages';
import { disarmStorageFaults, armStorageFault, itemsOf } from '../support/faults';

/**
 * The statistics' record-stream plug-ins (src/records/stats-counters.ts, qr-scenes.ts) run by the
 * real consumer over stream events built from the callback's own items, against DynamoDB Local
 * (through the fault proxy, to throttle a record mid-batch as a killed or failing consumer would).
 */
type Consume = typeof import('../../src/records/consume').consumeRecords;
let consumeRecords: Consume;
let events: typeof import('../records/stream-events');
let plugins: typeof import('../../src/records/registry').recordPlugins;

beforeAll(async () => {
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = inject('dynamoFaults');
  process.env['RECORD_FAILURES_QUEUE_URL'] = `${inject('queuesEndpoint')}/000000000000/${localRecordQueues.pluginFailures}`;
  ({ consumeRecords } = await import('../../src/records/consume'));
  events = await import('../records/stream-events');
  plugins = (await import('../../src/records/registry')).recordPlugins.filter((p) => p.id === 'stats.counters' || p.id === 'platform.qrScenes');
});

afterEach(disarmStorageFaults);

const noAnswer: InboxAnswer = { kind: 'none' };
const keywordAnswer: InboxAnswer = { kind: 'passive', replyType: 'text', summary: '营业时间 9-18', rule: '营业时间' };
const defaultAnswer: InboxAnswer = { kind: 'passive', replyType: 'text', summary: '您好', rule: '@default' };

/** 2026-12-01 10:00 in Shanghai: the day every record below counts on. */
const createTime = Date.parse('2026-12-01T02:00:00Z') / 1000;

/** One clock for every item: items written a second apart would carry ttls a second apart. */
const recordedAt = Date.now();

/** An item exactly as the callback writes it (retention 5: an inbox item; 0: a mark). */
const recorded = (appid: string, message: { msgType: string; event?: string; eventKey?: string; content?: string }, answer: InboxAnswer = noAnswer, retention = 5) =>
  toItem(inboxKey(appid, retention, createTime, `${appid}-${randomBytes(6).toString('hex')}`), { appid, openid: `o${appid}`, createTime, ...message }, answer, 'done', retention, recordedAt);

const statsOf = async (appid: string) => {
  const items = await itemsOf(`STATS#${appid}`);
  const day = items.find((i) => String(i['sk']) === 'DAY#2026-12-01') ?? {};
  const unmatched = items.filter((i) => String(i['sk']).startsWith('UNM#2026-12-01#')).map((i) => ({ text: i['text'], n: i['n'] }));
  const taps = items.filter((i) => String(i['sk']).startsWith('TAP#')).map((i) => ({ key: i['key'], event: i['event'], n: i['n'] }));
  const qr = items.filter((i) => String(i['sk']).startsWith('QR#')).map((i) => ({ scene: i['scene'], scans: i['scans'], followers: i['followers'] }));
  const byName = (a: any, b: any) => String(a.text ?? a.key ?? a.scene).localeCompare(String(b.text ?? b.key ?? b.scene));
  return { day, unmatched: unmatched.sort(byName), taps: taps.sort(byName), qr: qr.sort(byName) };
};

describe('our own numbers from the callback records', () => {
  it('counts messages, keyword hits and unmatched texts once, however often the batch is delivered', async () => {
    // Prepare: three texts nobody's keyword answers (two the same once normalized), one a keyword
    // answers, one only @default answers, one image, and an account that keeps no inbox (a mark).
    const appid = events.uniqueAppid();
    const items = [
      recorded(appid, { msgType: 'text', content: '怎么退款' }),
      recorded(appid, { msgType: 'text', content: '  怎么退款 ' }),
      recorded(appid, { msgType: 'text', content: 'Invoice?' }, defaultAnswer),
      recorded(appid, { msgType: 'text', content: '营业时间' }, keywordAnswer),
      recorded(appid, { msgType: 'image' }, defaultAnswer),
      recorded(appid, { msgType: 'text', content: '不留存的话' }, noAnswer, 0),
    ];
    const batch = events.streamEvent(...items.map((i) => events.streamRecord(i)));

    // Act: Lambda delivers the batch three times
    for (let delivery = 0; delivery < 3; delivery++) expect(await consumeRecords(batch, plugins)).toEqual({ batchItemFailures: [] });

    // Assess
    const stats = await statsOf(appid);
    expect(stats.day).toMatchObject({ messages: 6, texts: 5, keywordHits: 1, unmatched: 4, replied: 3 });
    expect(stats.day).not.toHaveProperty('events');
    // The mark's words were never kept; the inbox's are, for as long as the inbox keeps them.
    expect(stats.unmatched).toEqual([
      { text: 'invoice?', n: 1 },
      { text: '怎么退款', n: 2 },
    ]);
    const kept = (await itemsOf(`STATS#${appid}`)).find((i) => String(i['sk']).startsWith('UNM#'))!;
    expect(kept['ttl']).toBe(items[0]!['ttl']);
  });

  it('counts every record once when the consumer fails mid-batch and Lambda delivers the batch again', async () => {
    // Prepare: four unmatched texts; DynamoDB throttles the third record's commit past the SDK's retries
    const appid = events.uniqueAppid();
    const items = ['一', '二', '三', '四'].map((content) => recorded(appid, { msgType: 'text', content: `问题${content}` }));
    const batch = events.streamEvent(...items.map((i) => events.streamRecord(i)));
    await armStorageFault('dynamoFaults', { match: `STREAMMARK#${items[2]!['pk']}#${items[2]!['sk']}`, operation: 'TransactWriteItems', kind: 'throttle', exception: 'ThrottlingException', times: 20 });

    // Act
    const failed = await consumeRecords(batch, plugins);
    const countedBeforeRetry = (await statsOf(appid)).day['texts'];
    await disarmStorageFaults();
    const retried = await consumeRecords(batch, plugins);

    // Assess
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: batch.Records[2]!.dynamodb!.SequenceNumber }]);
    expect(countedBeforeRetry).toBe(2);
    expect(retried).toEqual({ batchItemFailures: [] });
    const stats = await statsOf(appid);
    expect(stats.day).toMatchObject({ texts: 4, unmatched: 4 });
    expect(stats.unmatched.map((u) => u.n)).toEqual([1, 1, 1, 1]);
  }, 60_000);

  it('counts taps per menu button and scans and new followers per QR scene, marks included', async () => {
    // Prepare: taps on two buttons (one on an account keeping no inbox); a follower subscribes
    // through code "spring" (qrscene_ prefix), two followers scan it again, one scans scene 42.
    const appid = events.uniqueAppid();
    const items = [
      recorded(appid, { msgType: 'event', event: 'CLICK', eventKey: 'V1001_TODAY' }),
      recorded(appid, { msgType: 'event', event: 'CLICK', eventKey: 'V1001_TODAY' }, noAnswer, 0),
      recorded(appid, { msgType: 'event', event: 'VIEW', eventKey: 'https://example.com/shop' }),
      recorded(appid, { msgType: 'event', event: 'subscribe', eventKey: 'qrscene_spring' }, noAnswer, 0),
      recorded(appid, { msgType: 'event', event: 'SCAN', eventKey: 'spring' }),
      recorded(appid, { msgType: 'event', event: 'SCAN', eventKey: 'spring' }),
      recorded(appid, { msgType: 'event', event: 'SCAN', eventKey: '42' }),
      recorded(appid, { msgType: 'event', event: 'subscribe' }),
      recorded(appid, { msgType: 'event', event: 'unsubscribe' }),
    ];

    // Act: delivered twice
    const batch = events.streamEvent(...items.map((i) => events.streamRecord(i)));
    await consumeRecords(batch, plugins);
    await consumeRecords(batch, plugins);

    // Assess
    const stats = await statsOf(appid);
    expect(stats.day).toMatchObject({ events: 9, taps: 3, scans: 4, subscribes: 2, unsubscribes: 1 });
    expect(stats.taps).toEqual([
      { key: 'https://example.com/shop', event: 'view', n: 1 },
      { key: 'V1001_TODAY', event: 'click', n: 2 },
    ]);
    expect(stats.qr).toEqual([
      { scene: '42', scans: 1, followers: undefined },
      { scene: 'spring', scans: 3, followers: 1 },
    ]);
    const codes = (await itemsOf(`QRCODES#${appid}`)).map((i) => ({ scene: i['scene'], scans: i['scans'], followers: i['followers'] }));
    expect(codes.sort((a, b) => String(a.scene).localeCompare(String(b.scene)))).toEqual([
      { scene: '42', scans: 1, followers: undefined },
      { scene: 'spring', scans: 3, followers: 1 },
    ]);
  });
});
