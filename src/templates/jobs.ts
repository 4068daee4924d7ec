import { templatesWorkers } from './routes';
import { jsonQueue } from '../core/queue';

/** One send to carry forward: the worker reads the send's checkpoint, so the message holds only which. */
export interface TemplateSendJob {
  appid: string;
  sendId: string;
}

/** Queues the send's next slice. */
export const enqueueTemplateSend = jsonQueue<TemplateSendJob>(templatesWorkers.templateSend.queueUrlVariable);

export const parseTemplateSendJob = (body: string): TemplateSendJob | undefined => {
  try {
    const job = JSON.parse(body) as Partial<TemplateSendJob> | null;
    return job && typeof job.appid === 'string' && typeof job.sendId === 'string' ? { appid: job.appid, sendId: job.sendId } : undefined;
  } catch {
    return undefined;
  }
};
