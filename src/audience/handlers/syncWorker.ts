import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../core/http/logger';
import { parseSyncJob } from '../jobs';
import { audienceWorkers } from '../routes';
import { failSync, runSyncSlice } from '../sync';

/**
 * The sync's queue worker: each message carries one run forward by a slice (src/audience/sync.ts).
 * A failed slice is reported, and SQS delivers it again: the run goes on from its checkpoint. On
 * the last delivery the run is marked failed, with the reason, before the message goes to the
 * dead-letter queue.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const job = parseSyncJob(record.body);
    if (!job) {
      logger.error('not a sync job', { messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await runSyncSlice(job);
    } catch (error) {
      const last = Number(record.attributes.ApproximateReceiveCount) >= audienceWorkers.followerSync.maxReceiveCount;
      logger.warn('sync slice failed; will be retried from its checkpoint', { appid: job.appid, runId: job.runId, last, error });
      if (last) await failSync(job, error instanceof Error ? error.message : String(error)).catch(() => undefined);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
