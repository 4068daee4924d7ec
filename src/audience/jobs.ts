import { audienceWorkers } from './routes';
import { jsonQueue } from '../core/queue';

/** One sync run to carry forward: the worker reads the run's checkpoint, so the message holds only who. */
export interface SyncJob {
  appid: string;
  runId: string;
}

/** Queues the run's next slice. */
export const enqueueSync = jsonQueue<SyncJob>(audienceWorkers.followerSync.queueUrlVariable);

export const parseSyncJob = (body: string): SyncJob | undefined => {
  try {
    const job = JSON.parse(body) as Partial<SyncJob> | null;
    return job && typeof job.appid === 'string' && typeof job.runId === 'string' ? { appid: job.appid, runId: job.runId } : undefined;
  } catch {
    return undefined;
  }
};
