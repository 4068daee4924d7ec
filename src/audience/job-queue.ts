import { audienceWorkers } from './routes';

/**
 * The audience jobs' queue (segment jobs and exports): its own, apart from the follower sync's, with
 * its own concurrency cap. The message names the job; the worker reads the job's record.
 */
export type AudienceJob = { kind: 'segment'; appid: string; segmentId: string } | { kind: 'export'; appid: string; exportId: string };

const queueUrl = (): string => {
  const name = audienceWorkers.audienceJobs.queueUrlVariable;
  const url = process.env[name];
  if (!url) throw new Error(`environment variable ${name} is not set`);
  return url;
};

let client: Promise<(job: AudienceJob, delaySeconds: number) => Promise<void>> | undefined;

const sqs = () =>
  (client ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand }) => {
    const sqsClient = new SQSClient({});
    return async (job: AudienceJob, delaySeconds: number) => {
      await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(job), DelaySeconds: delaySeconds }));
    };
  }));

/** SQS holds a message back at most 15 minutes. */
export const enqueueAudienceJob = async (job: AudienceJob, delaySeconds = 0): Promise<void> =>
  (await sqs())(job, Math.min(900, Math.max(0, Math.ceil(delaySeconds))));

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
