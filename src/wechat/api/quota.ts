import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/**
 * WeChat's daily API quota of an account: clear_quota resets every API's count, 10 times a month,
 * with the account's token (an authorizer token when the platform does it for the account; it spends
 * the account's own resets): developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
export const clearQuota = (a: CapableAccount) => callAsAccount(a, { path: 'cgi-bin/clear_quota', json: { appid: a.appid } });
