import type { Account } from '../core/data/accounts';
import { epochSeconds } from '../core/data/client';
import { latestFrom, listInbox, setHandled, type InboxFilter } from './data/inbox-queries';
import { retentionOf } from '../core/retention';
import { opensWindow, windowSeconds, windowState } from './reply-window';

/**
 * Reading the inbox and marking it handled: the table only. Replying (./reply.ts) and relaying
 * media (./media.ts) call WeChat and live apart, so these functions carry no WeChat client and may
 * touch only the account and its messages.
 */
export const listMessages = (account: Account, filter: InboxFilter, limit: number, next?: string) => listInbox(account.appid, filter, limit, next);

/** A follower's thread, newest first, with the replies sent from the platform, and the reply window. */
export const conversation = async (account: Account, openid: string, limit: number, next?: string) => {
  const page = await listInbox(account.appid, { openid, withReplies: true }, limit, next);
  const now = epochSeconds();
  const last = await latestFrom(account.appid, openid, now - windowSeconds, opensWindow);
  return { ...page, window: windowState(last?.createTime, retentionOf(account), now) };
};

export const markHandled = async (account: Account, ids: string[], handled: boolean) => {
  await setHandled(account.appid, ids, handled);
  return { ids: [...new Set(ids)], handled };
};
