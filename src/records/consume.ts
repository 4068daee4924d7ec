import type { AttributeValue as StreamAttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { cancellationReasons } from '../core/data/client';
import { commitWithMark, markFailed, maxWritesPerRecord, streamMarkKey, unmarkFailed } from './data/stream-marks';
import { retryableOf } from '../core/aws/retry';
import { logger } from '../core/http/logger';
import { reportPluginFailure } from './failures';
import { pluginWants, type CallbackRecord, type RecordPlugin } from './plugin';
import { callbackRecordFilter, matchesFilter } from './stream-filter';

/**
 * The one consumer of the table's stream: each callback record goes to every plug-in that wants it
 * (src/records/plugin.ts for the guarantees a plug-in gets). Records are taken in stream order;
 * the first that meets an infrastructure failure is reported in `batchItemFailures`, so Lambda
 * delivers the batch again from it (the records before it are done; the plug-ins that finished it
 * hold their marks and skip it next time).
 */
export const consumeRecords = async (event: DynamoDBStreamEvent, plugins: readonly RecordPlugin[]): Promise<DynamoDBBatchResponse> => {
  for (const raw of event.Records) {
    try {
      await consumeRecord(raw, plugins);
    } catch (error) {
      const sequenceNumber = raw.dynamodb?.SequenceNumber ?? '';
      logger.error('record stream: infrastructure failure, delivered again from this record', { sequenceNumber, error });
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
};

/** A Lambda handler over these plug-ins (src/records/handler.ts uses the registry's; tests, theirs). */
export const recordHandler =
  (plugins: readonly RecordPlugin[]) =>
  (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    consumeRecords(event, plugins);

const image = (value: Record<string, StreamAttributeValue> | undefined) =>
  value ? unmarshall(value as Record<string, AttributeValue>) : undefined;

/** The record as plug-ins see it, or undefined when it is not a callback item's (see stream-filter.ts). */
export const callbackRecordOf = (raw: DynamoDBRecord): CallbackRecord | undefined => {
  if (!matchesFilter(callbackRecordFilter, raw)) return undefined;
  const item = image(raw.dynamodb?.NewImage)!;
  const previous = image(raw.dynamodb?.OldImage);
  return {
    change: raw.eventName as CallbackRecord['change'],
    kind: item['type'],
    appid: String(item['appid'] ?? ''),
    openid: String(item['openid'] ?? ''),
    msgType: String(item['msgType'] ?? ''),
    ...(typeof item['event'] === 'string' ? { event: item['event'] } : {}),
    key: { pk: String(item['pk']), sk: String(item['sk']) },
    item,
    ...(previous ? { previous } : {}),
    sequenceNumber: raw.dynamodb?.SequenceNumber ?? '',
    eventId: raw.eventID ?? '',
  };
};

const consumeRecord = async (raw: DynamoDBRecord, plugins: readonly RecordPlugin[]): Promise<void> => {
  const record = callbackRecordOf(raw);
  if (!record) return;
  const runs = await Promise.allSettled(plugins.filter((p) => pluginWants(p, record)).map((p) => runPlugin(p, record)));
  const failed = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
};

/** Resolves when the plug-in is done with the record (done, done before, or failed and reported); rejects on infrastructure. */
const runPlugin = async (plugin: RecordPlugin, record: CallbackRecord): Promise<void> => {
  const mark = streamMarkKey(record.key, plugin.id, record.sequenceNumber);
  let writes: readonly unknown[];
  try {
    writes = (await plugin.handle(record)) ?? [];
    if (writes.length > maxWritesPerRecord) throw new RangeError(`${writes.length} writes for one record; at most ${maxWritesPerRecord}`);
  } catch (error) {
    if (isInfrastructure(error)) throw error;
    return fail(plugin, record, mark, error);
  }
  if (writes.length === 0) return;
  try {
    const outcome = await commitWithMark(mark, writes as Parameters<typeof commitWithMark>[1]);
    if (outcome === 'already') logger.info('record stream: already handled by this plug-in', { pluginId: plugin.id, sequenceNumber: record.sequenceNumber });
  } catch (error) {
    if (isInfrastructure(error)) throw error;
    return fail(plugin, record, mark, error);
  }
};

/** Marks first, reports second: a redelivery finds the mark and reports nothing twice; a report that fails takes the mark back. */
const fail = async (plugin: RecordPlugin, record: CallbackRecord, mark: ReturnType<typeof streamMarkKey>, error: unknown): Promise<void> => {
  if ((await markFailed(mark)) === 'already') return;
  const failure = {
    pluginId: plugin.id,
    keys: record.key,
    sequenceNumber: record.sequenceNumber,
    eventId: record.eventId,
    change: record.change,
    error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) },
    failedAt: new Date().toISOString(),
  };
  logger.error('record stream: plug-in failed; sent to the failure queue', { ...failure });
  try {
    await reportPluginFailure(failure);
  } catch (reportError) {
    await unmarkFailed(mark);
    throw reportError;
  }
};

/** Transaction cancellations that are the service's, not the plug-in's. */
const transientReasons = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'TransactionConflict']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/**
 * An error worth delivering the record again for: AWS throttling or a 5xx (as the SDK's retry mode
 * classes them, src/core/aws/retry.ts), a transaction cancelled for throughput or a conflict, or the
 * network. Anything else (a plug-in's bug, a condition it set that failed, a malformed write) is
 * the plug-in's failure and goes to the failure queue.
 */
export const isInfrastructure = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const reasons = cancellationReasons(error);
  if (reasons) return reasons.some((r) => transientReasons.has(r));
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  if (retryableOf(status, error.name)) return true;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  return code !== undefined && networkCodes.has(code);
};
