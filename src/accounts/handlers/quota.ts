import { accountsQuota } from '../routes';
import { selectAccount } from '../select-account';
import { QuotaInput } from '../inputs';
import { apiQuotas } from '../api-quotas';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

/**
 * What today's WeChat API quota looks like for the account, API by API, with the feature of ours that
 * spends each: what a 42910 `wechatDailyApiQuota` (WeChat's 45009) was about, before an owner spends
 * one of the month's 10 resets (accounts.clearQuota).
 */
export const handler = endpoint(accountsQuota, QuotaInput, async ({ input, session }) => ok({ apis: await apiQuotas(await selectAccount(session.org, input.appid)) }));
