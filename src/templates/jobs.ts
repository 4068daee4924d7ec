import { templatesWorkers } from './routes';

/** One send to carry forward: the worker reads the send's checkpoint, so the message holds only which. */
export interface TemplateSendJob {
  appid: string;
  sendId: string;
}

const queueUrl = (): string => {
  const url = process.env[templatesWorkers.templateSend.queueUrlVariable];
  if (!url) throw new Error(`environment variable ${templatesWorkers.templateSend.queueUrlVariable} is not set`);
  return url;
};

let client: Promise<{ send: (job: TemplateSendJob, delaySeconds: number) => Promise<void> }> | undefined;

const sqs = () =>
  (client ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand }) => {
    const sqsClient = new SQSClient({});
    return {
      send: async (job: TemplateSendJob, delaySeconds: number) => {
        await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(job), DelaySeconds: delaySeconds }));
      },
    };
  }));

/** Queues the send's next slice; SQS holds a message back at most 15 minutes. */
export const enqueueTemplateSend = async (job: TemplateSendJob, delaySeconds = 0): Promise<void> =>
  (await sqs()).send(job, Math.min(900, Math.max(0, Math.ceil(delaySeconds))));

export const parseTemplateSendJob = (body: string): TemplateSendJob | undefined => {
  try {
    const job = JSON.parse(body) as Partial<TemplateSendJob> | null;
    return job && typeof job.appid === 'string' && typeof job.sendId === 'string' ? { appid: job.appid, sendId: job.sendId } : undefined;
  } catch {
    return undefined;
  }
};
