import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseCallbackJob } from '../jobs';
import { runCallbackJob } from '../run-job';
import { logger } from '../../core/http/logger';

/**
 * The callback's queue worker (SQS event source with ReportBatchItemFailures): each record is one
 * job; a failed one is reported so only it is delivered again (dead-letter queue after the
 * route table's maxReceiveCount). A body that is not a job can never succeed: it is reported
 * failed too, so it ends in the dead-letter queue where it can be looked at.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const job = parseCallbackJob(record.body);
    if (!job) {
      logger.error('not a callback job', { messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await runCallbackJob(job);
    } catch (error) {
      logger.warn('callback job failed; will be retried', { messageId: record.messageId, kind: job.kind, appid: job.appid, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
