import type { Entity } from '../core/data/entities';
import { recordPlugins } from './registry';

/**
 * The record stream consumer as CDK deploys it (lib/record-stream.ts) and the local poller runs it
 * (local/record-stream.ts): one function over the table's stream, its plug-ins in
 * src/records/registry.ts.
 */
export const recordConsumer = {
  id: 'records.consume',
  handler: 'src/records/handler.ts',
  summary: 'The one consumer of what the callback records: runs every area’s plug-in once per stream record',
  /** Records per invocation (per shard; order is kept per item). */
  batchSize: 100,
  /** Lambda's retries of a batch that fails (bisected on each failure) before it goes to the on-failure queue. */
  retryAttempts: 10,
  /** A stream keeps records 24 hours: retry as long as they are there. */
  maxRecordAgeSeconds: 86_400,
  timeoutSeconds: 60,
  /** Where a plug-in's failure goes (an SQS queue URL). */
  failureQueueUrlVariable: 'RECORD_FAILURES_QUEUE_URL',
} as const;

/** The table access the consumer needs: its marks, and what its plug-ins write. */
export const recordConsumerAccess = (): { table: 'write'; entities: Entity[] } => ({
  table: 'write',
  entities: [...new Set<Entity>(['STREAMMARK', ...recordPlugins.flatMap((p) => p.entities)])].sort(),
});
