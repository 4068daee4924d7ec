import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../core/http/logger';
import { stopOf } from '../../core/messages/stops';
import { failSend } from '../data/sends';
import { runSendSlice } from '../fanout';
import { parseTemplateSendJob } from '../jobs';
import { templatesWorkers } from '../routes';

/**
 * The template sends' queue worker: each message carries one send forward by a slice
 * (src/templates/fanout.ts). A failed slice is reported and SQS delivers it again: the send goes on
 * from its checkpoint, its recipients' claims keeping each to one message. On the last delivery
 * the send is marked failed, with the reason, before the message goes to the dead-letter queue.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const job = parseTemplateSendJob(record.body);
    if (!job) {
      logger.error('not a template send job', { messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await runSendSlice(job);
    } catch (error) {
      const last = Number(record.attributes.ApproximateReceiveCount) >= templatesWorkers.templateSend.maxReceiveCount;
      logger.warn('template send slice failed; will be retried from its checkpoint', { appid: job.appid, sendId: job.sendId, last, error });
      if (last) await failSend(job.appid, job.sendId, error instanceof Error ? error.message.slice(0, 200) : String(error), stopOf(error)).catch(() => undefined);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
