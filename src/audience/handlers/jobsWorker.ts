import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../core/http/logger';
import { failExport, runExport } from '../export-job';
import { parseAudienceJob } from '../job-queue';
import { audienceWorkers } from '../routes';
import { failSegment, runSegmentSlice } from '../segment-job';

/**
 * The audience jobs' worker: segment jobs (src/audience/segment-job.ts) and exports
 * (src/audience/export-job.ts). A failed delivery is reported and SQS delivers it again (a segment
 * goes on from its checkpoint; an export starts over, its file is one PUT); on the last delivery the
 * job is marked failed with the reason.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const job = parseAudienceJob(record.body);
    if (!job) {
      logger.error('not an audience job', { messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      if (job.kind === 'segment') await runSegmentSlice(job.appid, job.segmentId);
      else await runExport(job.appid, job.exportId);
    } catch (error) {
      const last = Number(record.attributes.ApproximateReceiveCount) >= audienceWorkers.audienceJobs.maxReceiveCount;
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn('audience job failed; will be retried', { job, last, error });
      if (last) await (job.kind === 'segment' ? failSegment(job.appid, job.segmentId, reason) : failExport(job.appid, job.exportId, reason)).catch(() => undefined);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
