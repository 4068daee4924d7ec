import { audienceWorkers } from './routes';

/** One sync run to carry forward: the worker reads the run's checkpoint, so the message holds only who. */
export interface SyncJob {
  appid: string;
  runId: string;
}

const queueUrl = (): string => {
  const url = process.env[audienceWorkers.followerSync.queueUrlVariable];
  if (!url) throw new Error(`environment variable ${audienceWorkers.followerSync.queueUrlVariable} is not set`);
  return url;
};

let client: Promise<{ send: (job: SyncJob, delaySeconds: number) => Promise<void> }> | undefined;

const sqs = () =>
  (client ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand }) => {
    const sqsClient = new SQSClient({});
    return {
      send: async (job: SyncJob, delaySeconds: number) => {
        await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(job), DelaySeconds: delaySeconds }));
      },
    };
  }));

/** Queues the run's next slice; SQS holds a message back at most 15 minutes. */
export const enqueueSync = async (job: SyncJob, delaySeconds = 0): Promise<void> =>
  (await sqs()).send(job, Math.min(900, Math.max(0, Math.ceil(delaySeconds))));

export const parseSyncJob = (body: string): SyncJob | undefined => {
  try {
    const job = JSON.parse(body) as Partial<SyncJob> | null;
    return job && typeof job.appid === 'string' && typeof job.runId === 'string' ? { appid: job.appid, runId: job.runId } : undefined;
  } catch {
    return undefined;
  }
};
