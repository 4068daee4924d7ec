import { contentMassSend, contentPublish } from '../routes';
import { getSend } from '../data/sends';
import { fireSend } from '../firing';
import type { FireSendEvent } from '../schedules';

/** Invoked by a send's one-time schedule with {appid, sendId}. */
export const handler = async (event: FireSendEvent) => {
  if (typeof event?.appid !== 'string' || typeof event?.sendId !== 'string') return { outcome: 'not-scheduled' as const };
  const send = await getSend(event.appid, event.sendId);
  const outcome = await fireSend(send, send?.kind === 'publish' ? contentPublish.role : contentMassSend.role);
  return { outcome };
};
