import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { localRecordQueues } from '../../local/record-stream';
import type { RecordPlugin } from '../../src/records/plugin';
import { disarmStorageFaults, armStorageFault, itemsOf } from '../support/faults';

/**
 * The record stream consumer (src/records/consume.ts) given stream events as Lambda delivers them,
 * against DynamoDB Local (through the fault proxy, which passes everything unless a fault is armed)
 * and the local SQS stand-in as the plug-in failure queue.
 */
type Consume = typeof import('../../src/records/consume').consumeRecords;
type Events = typeof import('./stream-events');
let consumeRecords: Consume;
let events: Events;

beforeAll(async () => {
  // Before the data client is loaded: its endpoint is read once.
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = inject('dynamoFaults');
  process.env['RECORD_FAILURES_QUEUE_URL'] = `${inject('queuesEndpoint')}/000000000000/${localRecordQueues.pluginFailures}`;
  ({ consumeRecords } = await import('../../src/records/consume'));
  events = await import('./stream-events');
});

afterEach(disarmStorageFaults);

/** A plug-in that counts the records it is given on one item per (plug-in, record). */
const counter = (id: string, wants: RecordPlugin['wants'] = {}): RecordPlugin => ({
  id,
  wants,
  entities: [],
  handle: (record) => [
    {
      Update: {
        Key: { pk: `RECORDTEST#${record.appid}`, sk: `${id}#${record.key.sk}` },
        UpdateExpression: 'ADD handled :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ],
});

const counts = async (appid: string) =>
  Object.fromEntries((await itemsOf(`RECORDTEST#${appid}`)).map((i) => [String(i['sk']).split('#')[0], i['handled']]));

const failuresFor = async (pk: string) => {
  const res = await fetch(`${inject('queuesEndpoint')}/__queues/${localRecordQueues.pluginFailures}/messages`);
  const { messages } = (await res.json()) as { messages: { body: string }[] };
  return messages.map((m) => JSON.parse(m.body)).filter((f) => f.keys.pk === pk);
};

describe('the record stream consumer', () => {
  it('changes the table once per plug-in when a record is delivered three times', async () => {
    // Prepare
    const appid = events.uniqueAppid();
    const item = events.callbackItem(appid, { msgType: 'text', content: 'hello' });
    const event = events.streamEvent(events.streamRecord(item));
    const plugins = [counter('directory'), counter('statistics')];

    // Act
    const results = [];
    for (let delivery = 0; delivery < 3; delivery++) results.push(await consumeRecords(event, plugins));

    // Assess
    expect(results).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(await counts(appid)).toEqual({ directory: 1, statistics: 1 });
    const marks = await itemsOf(`STREAMMARK#${item['pk']}#${item['sk']}`);
    expect(marks.map((m) => String(m['sk']).split('#')[0]).sort()).toEqual(['directory', 'statistics']);
    for (const mark of marks) {
      expect(mark['outcome']).toBe('done');
      expect(Number(mark['ttl']) - Date.now() / 1000).toBeGreaterThan(7 * 86_400 - 60);
    }
  });

  it('gives each plug-in only the kinds of records it wants, retention-0 marks included', async () => {
    // Prepare: a follower subscribes to an account that keeps no inbox, then writes a text.
    const appid = events.uniqueAppid();
    const subscribe = events.callbackItem(appid, { msgType: 'event', event: 'subscribe' }, 0);
    const text = events.callbackItem(appid, { msgType: 'text', content: 'hi' });
    const handled = { ...text, handled: true };
    const plugins = [
      counter('followers', { events: ['SUBSCRIBE', 'unsubscribe'] }),
      counter('texts', { msgTypes: ['text'] }),
      counter('changes', { changes: ['MODIFY'] }),
    ];

    // Act
    const result = await consumeRecords(
      events.streamEvent(events.streamRecord(subscribe), events.streamRecord(text), events.streamRecord(handled, 'MODIFY')),
      plugins,
    );

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(subscribe).toMatchObject({ type: 'messageMark', msgType: 'event', event: 'subscribe' });
    expect(subscribe).not.toHaveProperty('content');
    expect(await counts(appid)).toEqual({ followers: 1, texts: 1, changes: 1 });
  });

  it('does not let a plug-in that throws block the others, and reports it to the failure queue once', async () => {
    // Prepare
    const appid = events.uniqueAppid();
    const item = events.callbackItem(appid, { msgType: 'text', content: 'hello' });
    const record = events.streamRecord(item);
    const thrower: RecordPlugin = {
      id: 'broken',
      wants: {},
      entities: [],
      handle: () => {
        throw new Error('follower directory is not there');
      },
    };
    const conditional: RecordPlugin = {
      id: 'conditional',
      wants: {},
      entities: [],
      handle: (r) => [{ Update: { Key: { pk: `RECORDTEST#${r.appid}`, sk: 'absent' }, UpdateExpression: 'SET x = :x', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':x': 1 } } }],
    };
    const plugins = [thrower, counter('statistics'), conditional];

    // Act: delivered twice
    const first = await consumeRecords(events.streamEvent(record), plugins);
    const second = await consumeRecords(events.streamEvent(record), plugins);

    // Assess
    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(await counts(appid)).toEqual({ statistics: 1 });
    const failures = await failuresFor(String(item['pk']));
    expect(failures.map((f) => f.pluginId).sort()).toEqual(['broken', 'conditional']);
    expect(failures.find((f) => f.pluginId === 'broken')).toMatchObject({
      keys: { pk: item['pk'], sk: item['sk'] },
      sequenceNumber: record.dynamodb!.SequenceNumber,
      eventId: record.eventID,
      change: 'INSERT',
      error: { name: 'Error', message: 'follower directory is not there' },
    });
    expect(failures.find((f) => f.pluginId === 'conditional')!.error.name).toBe('TransactionCanceledException');
  });

  it('fails the batch from the record DynamoDB throttled, and the retry finishes it once', async () => {
    // Prepare: two records; the second one's transaction throttled more often than the SDK retries.
    const appid = events.uniqueAppid();
    const first = events.streamRecord(events.callbackItem(appid, { msgType: 'text', content: 'one' }));
    const secondItem = events.callbackItem(appid, { msgType: 'text', content: 'two' });
    const second = events.streamRecord(secondItem);
    const plugins = [counter('statistics')];
    await armStorageFault('dynamoFaults', { match: String(secondItem['sk']), operation: 'TransactWriteItems', kind: 'throttle', exception: 'ThrottlingException', times: 10 });

    // Act
    const throttled = await consumeRecords(events.streamEvent(first, second), plugins);
    const afterThrottle = (await itemsOf(`RECORDTEST#${appid}`)).length;
    await disarmStorageFaults();
    const retried = await consumeRecords(events.streamEvent(first, second), plugins);

    // Assess
    expect(throttled).toEqual({ batchItemFailures: [{ itemIdentifier: second.dynamodb!.SequenceNumber }] });
    expect(afterThrottle).toBe(1);
    expect(retried).toEqual({ batchItemFailures: [] });
    expect((await itemsOf(`RECORDTEST#${appid}`)).map((i) => i['handled'])).toEqual([1, 1]);
    expect(await failuresFor(String(secondItem['pk']))).toEqual([]);
  }, 60_000);
});
