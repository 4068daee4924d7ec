import { audienceWorkers } from './routes';
import { jsonQueue } from '../core/queue';

/**
 * The audience jobs' queue (segment jobs and exports): its own, apart from the follower sync's, with
 * its own concurrency cap. The message names the job; the worker reads the job's record.
 */
export type AudienceJob = { kind: 'segment'; appid: string; segmentId: string } | { kind: 'export'; appid: string; exportId: string };

export const enqueueAudienceJob = jsonQueue<AudienceJob>(audienceWorkers.audienceJobs.queueUrlVariable);

export const parseAudienceJob = (body: string): AudienceJob | undefined => {
  try {
    const job = JSON.parse(body) as Record<string, unknown> | null;
    if (!job || typeof job['appid'] !== 'string') return undefined;
    if (job['kind'] === 'segment' && typeof job['segmentId'] === 'string') return { kind: 'segment', appid: job['appid'], segmentId: job['segmentId'] };
    if (job['kind'] === 'export' && typeof job['exportId'] === 'string') return { kind: 'export', appid: job['appid'], exportId: job['exportId'] };
    return undefined;
  } catch {
    return undefined;
  }
};
