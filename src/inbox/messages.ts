import type { Account } from '../core/data/accounts';
import { listInbox, setHandled, type InboxFilter } from './data/inbox-queries';
import { retentionOf } from '../core/retention';
import { quotaOf } from './reply-allowance';

/**
 * Reading the inbox and marking it handled: the table only. Replying (./reply.ts) and relaying
 * media (./media.ts) call WeChat and live apart, so these functions carry no WeChat client and may
 * touch only the account, its messages and its followers' reply quotas.
 */
export const listMessages = (account: Account, filter: InboxFilter, limit: number, next?: string) => listInbox(account.appid, filter, limit, next);

/** A follower's thread, newest first, with the replies sent from the platform, and what WeChat still lets the account send. */
export const conversation = async (account: Account, openid: string, limit: number, next?: string) => {
  const [page, window] = await Promise.all([
    listInbox(account.appid, { openid, withReplies: true }, limit, next),
    quotaOf(account.appid, openid, retentionOf(account)),
  ]);
  return { ...page, window };
};

export const markHandled = async (account: Account, ids: string[], handled: boolean) => {
  await setHandled(account.appid, ids, handled);
  return { ids: [...new Set(ids)], handled };
};
