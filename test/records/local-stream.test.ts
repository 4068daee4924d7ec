import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalRecordStream, type LocalRecordStream } from '../../local/record-stream';
import { recordHandler } from '../../src/records/consume';
import type { CallbackRecord, RecordPlugin } from '../../src/records/plugin';
import { recordPlugins } from '../../src/records/registry';
import { userWithDirectAccount } from '../support/accounts';
import { itemsOf } from '../support/faults';
import { sim } from '../support/wechat-sim';

/**
 * From WeChat to a plug-in through the real parts: the simulator delivers a follower's message
 * to the local stack's callback, the callback records it in DynamoDB Local, and the local poller
 * (the same one the stack runs, here in the test's process so a test plug-in can join the
 * registry's) reads DynamoDB Local's stream and hands the record to the consumer.
 */
const seen: CallbackRecord[] = [];
let appids = new Set<string>();

/** Records what it is given (this file's accounts only: the stream carries the whole suite's messages). */
const witness: RecordPlugin = {
  id: 'test.witness',
  wants: { msgTypes: ['text'] },
  entities: [],
  handle: (record) => {
    if (!appids.has(record.appid)) return [];
    seen.push(record);
    return [
      {
        Update: {
          Key: { pk: `RECORDTEST#${record.appid}`, sk: record.key.sk },
          UpdateExpression: 'ADD handled :one SET content = :content',
          ExpressionAttributeValues: { ':one': 1, ':content': record.item['content'] },
        },
      },
    ];
  },
};

let stream: LocalRecordStream;
const failures: unknown[] = [];

beforeAll(async () => {
  process.env['RECORD_FAILURES_QUEUE_URL'] = `${inject('queuesEndpoint')}/000000000000/recordPluginFailures`;
  stream = await startLocalRecordStream({
    endpoint: inject('dynamoEndpoint'),
    tableName: inject('tableName'),
    handler: recordHandler([...recordPlugins, witness]),
    onFailure: async (failure) => void failures.push(failure),
    from: 'LATEST',
    pollMs: 100,
  });
});

afterAll(() => stream?.stop());

const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('the local record stream', () => {
  it('brings a message posted to the callback to a plug-in, once, though WeChat delivered it three times', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    appids = new Set([owner.account.appid]);

    // Act: WeChat's first delivery and two retries of the same message
    const res = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'through the stream' }, repeat: 3 });
    const [effect] = await eventually(async () => {
      const items = await itemsOf(`RECORDTEST#${owner.account.appid}`);
      return items.length ? items : undefined;
    });
    // Time for any further record of this message to arrive, had there been one.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Assess
    expect(res.attempts.map((a) => a.status)).toEqual([200, 200, 200]);
    const [inboxItem] = await itemsOf(`INBOX#${owner.account.appid}`);
    expect(effect).toMatchObject({ sk: inboxItem!['sk'], handled: 1, content: 'through the stream' });
    expect(seen.map((r) => ({ change: r.change, kind: r.kind, msgType: r.msgType, appid: r.appid, pk: r.key.pk }))).toEqual([
      { change: 'INSERT', kind: 'inboxMessage', msgType: 'text', appid: owner.account.appid, pk: `INBOX#${owner.account.appid}` },
    ]);
    expect(seen[0]!.sequenceNumber).toMatch(/^\d+$/);
    expect(failures).toEqual([]);
  });
});
