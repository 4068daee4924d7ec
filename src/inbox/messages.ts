import type { Account } from '../core/data/accounts';
import { listInbox, setHandled, type InboxFilter } from './data/inbox-queries';

/**
 * Reading the inbox and marking it handled: the table only. Replying (./reply.ts) and relaying
 * media (./media.ts) call WeChat and live apart, so these functions carry no WeChat client and may
 * touch only the account and its messages (a conversation, with the reply quota, is ./conversation.ts).
 */
export const listMessages = (account: Account, filter: InboxFilter, limit: number, next?: string) => listInbox(account.appid, filter, limit, next);

export const markHandled = async (account: Account, ids: string[], handled: boolean) => {
  await setHandled(account.appid, ids, handled);
  return { ids: [...new Set(ids)], handled };
};
