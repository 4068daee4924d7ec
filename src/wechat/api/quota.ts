import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/**
 * WeChat's daily API quota of an account: clear_quota resets every API's count, 10 times a month,
 * with the account's token (an authorizer token when the platform does it for the account; it spends
 * the account's own resets): developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
export const clearQuota = (a: CapableAccount) => callAsAccount(a, { path: 'cgi-bin/clear_quota', json: { appid: a.appid } });

/** One API's daily quota as WeChat counts it today (China's day). */
export interface ApiQuota {
  daily_limit: number;
  used: number;
  remain: number;
}

/**
 * How much of one API's daily quota the account has used (openapi/quota/get, one `cgi_path` per call,
 * written with its leading `/` as WeChat wants it, else 76003; an authorizer token for an authorized
 * account): developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/openApi/get_api_quota.html
 */
export const getApiQuota = async (a: CapableAccount, cgiPath: `/${string}`): Promise<ApiQuota> =>
  (await callAsAccount<{ quota: ApiQuota }>(a, { path: 'cgi-bin/openapi/quota/get', json: { cgi_path: cgiPath } })).quota;
