import { accountsClearQuota } from '../routes';
import { selectAccount } from '../select-account';
import { ClearQuotaInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { clearQuota } from '../../wechat/api/quota';

/**
 * The owner resets WeChat's daily API quotas of the account now (after a 42910 naming
 * `wechatDailyApiQuota`). WeChat allows 10 a month; past them its 48006 answers 42910 too.
 */
export const handler = endpoint(accountsClearQuota, ClearQuotaInput, async ({ input, session }) => {
  await clearQuota(await selectAccount(session.org, input.appid));
  return ok();
});
