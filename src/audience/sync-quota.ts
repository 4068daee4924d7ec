import type { Account } from '../core/data/accounts';
import { QuotaUsedUpError } from '../core/errors';
import { WechatApiError } from '../wechat/api-error';
import { nextChinaMidnight } from '../wechat/error-table';
import { getApiQuota } from '../wechat/api/quota';
import { listFollowers } from '../wechat/api/users';

/**
 * Before a big job: what the run needs of WeChat's daily batchget quota (one call per 100
 * followers) against what is left today. Nothing left: refused now (42910) rather than a run that
 * pauses at once. Short of it: the run starts, and the answer says it will pause and finish after
 * the reset. WeChat reports no quota for some accounts (an error of its own): then nothing is known.
 */
export const checkSyncQuota = async (account: Account): Promise<{ needed: number; remain: number; dailyLimit: number } | undefined> => {
  let quota;
  try {
    quota = await getApiQuota(account, '/cgi-bin/user/info/batchget');
  } catch (error) {
    if (error instanceof WechatApiError) return undefined;
    throw error;
  }
  if (!quota.daily_limit) return undefined;
  const { total } = await listFollowers(account);
  const needed = Math.ceil(total / 100);
  if (quota.remain === 0 && needed > 0) {
    throw new QuotaUsedUpError("WeChat's daily quota of user/info/batchget is used up for the official account: the sync can start after midnight China time, or once the owner clears the quota", {
      rule: 'wechatDailyApiQuota',
      resetsAt: nextChinaMidnight(new Date()),
    });
  }
  return { needed, remain: quota.remain, dailyLimit: quota.daily_limit };
};
