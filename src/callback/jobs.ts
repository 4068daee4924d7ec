import { workers } from './routes';
import { jsonQueue } from '../core/queue';
import type { InboxKey } from '../inbox/data/messages';

/**
 * The callback's asynchronous path (a queue and its worker): what must happen after WeChat has
 * been answered, since a Lambda is frozen the moment it answers. Each job names the inbox item
 * that records its message, where the worker leases the side effect so it happens once.
 */
export type CallbackJob =
  /** Release test: authorize with the code, then send `<code>_from_api` as a customer-service message. */
  | { kind: 'queryAuthCode'; appid: string; key: InboxKey; openid: string; authCode: string }
  /** A message whose reply was not ready within the budget: decide again, send as a customer-service message. */
  | { kind: 'lateReply'; appid: string; message: string; receivedAt: number };

/** SQS is loaded on first use: most messages never need it, and it stays off the cold start. */
export const enqueueCallbackJob: (job: CallbackJob) => Promise<void> = jsonQueue<CallbackJob>(workers.callbackJobs.queueUrlVariable);

/** A queue message's body as a job, or undefined when it is not one (sent to the dead-letter queue). */
export const parseCallbackJob = (body: string): CallbackJob | undefined => {
  try {
    const job = JSON.parse(body) as Partial<CallbackJob> | null;
    if (!job || typeof job.appid !== 'string') return undefined;
    if (job.kind === 'queryAuthCode' && typeof job.authCode === 'string' && typeof job.openid === 'string' && job.key) return job as CallbackJob;
    if (job.kind === 'lateReply' && typeof job.message === 'string' && typeof job.receivedAt === 'number') return job as CallbackJob;
  } catch {
    // answered below
  }
  return undefined;
};
