import type { Account } from '../core/data/accounts';
import { listInbox } from './data/inbox-queries';
import { retentionOf } from '../core/retention';
import { quotaOf } from './reply-allowance';

/**
 * One follower's thread and what WeChat's customer-service quota still allows: apart from
 * ./messages.ts so the listing and the handled marks reach no quota item.
 */
/** A follower's thread, newest first, with the replies sent from the platform, and what WeChat still lets the account send. */
export const conversation = async (account: Account, openid: string, limit: number, next?: string) => {
  const [page, window] = await Promise.all([
    listInbox(account.appid, { openid, withReplies: true }, limit, next),
    quotaOf(account.appid, openid, retentionOf(account)),
  ]);
  return { ...page, window };
};

