import { ItemNotFound } from '../core/data/errors';
import { ConflictError } from '../core/errors';
import { logger } from '../core/http/logger';
import { unlockDraft } from './data/drafts';
import { getSend, moveSend, refundQuota, type SendRecord } from './data/sends';
import { unscheduleSend } from './schedules';

/** Cancels a scheduled send: the conditional change scheduled → cancelled, which the firing re-checks. */
export const cancelSend = async (appid: string, sendId: string): Promise<SendRecord> => {
  const send = await getSend(appid, sendId);
  if (!send) throw new ItemNotFound(`sendId: no send ${sendId} of this account`);
  const cancelled = await moveSend(appid, sendId, ['scheduled'], 'cancelled');
  if (!cancelled) {
    const now = await getSend(appid, sendId);
    throw new ConflictError(`sendId: the send is ${now?.status ?? send.status}; only a scheduled send can be cancelled`);
  }
  await unscheduleSend(sendId).catch((error: unknown) => logger.warn('schedule of a cancelled send not deleted (its firing finds it cancelled)', { appid, sendId, error }));
  if (send.message.type === 'mpnews' && send.message.mediaId) await unlockDraft(appid, send.message.mediaId, sendId);
  for (const q of send.spent ?? []) await refundQuota(appid, q);
  return cancelled;
};
