import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { recordConsumer } from '../src/records/definition';
import { callbackRecordFilter, matchesFilter } from '../src/records/stream-filter';
import { localClient } from './dynamodb-local';

/**
 * Lambda's DynamoDB event source, locally: reads DynamoDB Local's stream of the table shard by
 * shard (a child after its parent), applies the event source's filter, and hands batches to the
 * consumer's handler as Lambda does: a batch whose handler throws or names a failed record is
 * delivered again from that record, up to the consumer's retryAttempts; then the batch's range goes
 * to `onFailure` (the on-failure destination in AWS) and the shard moves on.
 */
export type RecordStreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface LocalRecordStreamOptions {
  /** DynamoDB Local itself (the stream API is not behind the fault proxy). */
  endpoint: string;
  tableName: string;
  handler: RecordStreamHandler;
  /** What a batch that failed all its retries is reported to (SQS on-failure destination in AWS). */
  onFailure: (failure: { shardId: string; startSequenceNumber: string; endSequenceNumber: string; error: string }) => Promise<void>;
  /** Where reading starts in the shards open at start: all the stream keeps (default), or only what comes next. */
  from?: 'TRIM_HORIZON' | 'LATEST';
  pollMs?: number;
}

export interface LocalRecordStream {
  stop(): Promise<void>;
}

/** The holding queues of the local SQS stand-in that play the consumer's two failure queues. */
export const localRecordQueues = { pluginFailures: 'recordPluginFailures', streamDeadLetters: 'recordStreamDeadLetters' } as const;

interface ShardState {
  shard: Shard;
  iterator?: string | undefined;
  done: boolean;
}

/** A stream record as Lambda delivers it (the SDK's AttributeValues are already Lambda's JSON shape). */
const asLambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord => ({
  eventID: record.eventID!,
  eventName: record.eventName as DynamoDBRecord['eventName'],
  eventVersion: record.eventVersion ?? '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: record.awsRegion ?? 'us-east-1',
  eventSourceARN: streamArn,
  dynamodb: {
    ...(record.dynamodb as DynamoDBRecord['dynamodb']),
    ApproximateCreationDateTime: Math.floor((record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000),
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const startLocalRecordStream = async (options: LocalRecordStreamOptions): Promise<LocalRecordStream> => {
  const tables = localClient(options.endpoint);
  const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
  tables.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pollMs = options.pollMs ?? 200;
  const shards = new Map<string, ShardState>();
  let firstDiscovery = true;
  let stopped = false;

  const discover = async () => {
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      for (const shard of StreamDescription?.Shards ?? []) {
        if (shards.has(shard.ShardId!)) continue;
        // Shards open when we start follow `from`; any found later is new, read from its start.
        const latest = firstDiscovery && options.from === 'LATEST' && !shard.SequenceNumberRange?.EndingSequenceNumber;
        const state: ShardState = { shard, done: false };
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: latest ? 'LATEST' : 'TRIM_HORIZON' }),
        );
        state.iterator = ShardIterator;
        shards.set(shard.ShardId!, state);
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    firstDiscovery = false;
  };

  const ready = (state: ShardState) => {
    const parent = state.shard.ParentShardId ? shards.get(state.shard.ParentShardId) : undefined;
    return !state.done && (!parent || parent.done);
  };

  /** Delivers one batch as Lambda does, retrying from the failed record. */
  const deliver = async (shardId: string, batch: DynamoDBRecord[]) => {
    let pending = batch;
    let lastError = '';
    for (let attempt = 0; attempt <= recordConsumer.retryAttempts && !stopped; attempt++) {
      if (attempt > 0) await sleep(Math.min(2000, 100 * attempt));
      try {
        const result = await options.handler({ Records: pending });
        const failedAt = result?.batchItemFailures?.[0]?.itemIdentifier;
        if (failedAt === undefined) return;
        const index = pending.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt);
        pending = index === -1 ? pending : pending.slice(index);
        lastError = `batchItemFailures from ${failedAt}`;
      } catch (error) {
        lastError = String(error);
      }
    }
    if (stopped) return;
    await options.onFailure({
      shardId,
      startSequenceNumber: pending[0]?.dynamodb?.SequenceNumber ?? '',
      endSequenceNumber: pending.at(-1)?.dynamodb?.SequenceNumber ?? '',
      error: lastError,
    });
  };

  /**
   * One lane per partition key. DynamoDB keeps one key's records in one shard, in order, and
   * Lambda reads a table's shards side by side; DynamoDB Local keeps the whole table in one shard,
   * so read strictly in order it held every account's records behind one account's burst (1,000
   * template pushes kept another file's follow half a minute from its plug-in). Here each key's
   * records go on in order in their lane, and different keys' lanes go on side by side.
   */
  const lanes = new Map<string, Promise<void>>();
  let queued = 0;
  const maxQueued = 1000;
  const dispatch = (shardId: string, records: DynamoDBRecord[]) => {
    const byKey = new Map<string, DynamoDBRecord[]>();
    for (const record of records) {
      const key = JSON.stringify(record.dynamodb?.Keys?.['pk'] ?? null);
      const group = byKey.get(key);
      if (group) group.push(record);
      else byKey.set(key, [record]);
    }
    for (const [key, group] of byKey) {
      queued += group.length;
      const lane: Promise<void> = (lanes.get(key) ?? Promise.resolve())
        .then(async () => {
          for (let i = 0; i < group.length && !stopped; i += recordConsumer.batchSize) await deliver(shardId, group.slice(i, i + recordConsumer.batchSize));
        })
        .catch((error: unknown) => console.error('[records] a failed batch could not be reported:', error))
        .finally(() => {
          queued -= group.length;
          if (lanes.get(key) === lane) lanes.delete(key);
        });
      lanes.set(key, lane);
    }
  };

  /**
   * One GetRecords page (up to 1,000 records, as Lambda's poller reads), filtered as the event
   * source mapping filters, then handed to the lanes in batches of at most `batchSize` matching
   * records: most of the table's records are not the callback's, and Lambda never counts them in a
   * batch. The next page waits while the lanes hold more than `maxQueued` records.
   */
  const pollShard = async (state: ShardState): Promise<boolean> => {
    if (!state.iterator) {
      state.done = true;
      return false;
    }
    while (queued > maxQueued && !stopped) await sleep(20);
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator }));
    const records = (page.Records ?? []).map((r) => asLambdaRecord(r, streamArn)).filter((r) => matchesFilter(callbackRecordFilter, r));
    if (records.length && !stopped) dispatch(state.shard.ShardId!, records);
    state.iterator = page.NextShardIterator;
    if (!state.iterator) state.done = true;
    return (page.Records ?? []).length > 0;
  };

  const loop = async () => {
    let lastDiscovery = 0;
    while (!stopped) {
      try {
        if (Date.now() - lastDiscovery > 5000) {
          await discover();
          lastDiscovery = Date.now();
        }
        let busy = false;
        for (const state of shards.values()) if (ready(state) && !stopped) busy = (await pollShard(state)) || busy;
        if (!busy) await sleep(pollMs);
      } catch (error) {
        if (!stopped) console.error('[records] stream poll failed:', error);
        await sleep(1000);
      }
    }
  };

  await discover();
  const running = loop();
  return {
    stop: async () => {
      stopped = true;
      await running;
      await Promise.allSettled([...lanes.values()]);
      streams.destroy();
    },
  };
};
