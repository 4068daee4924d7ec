import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/**
 * The blacklist, which WeChat keeps apart from tags (cgi-bin/tags/members/*blacklist):
 * developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_batchblacklist ("一次最多拉黑20个用户"),
 * getblacklist: 10,000 openids a page after begin_openid.
 */
export const blacklistMaxPerCall = 20;

export const blacklistPage = (a: CapableAccount, beginOpenid = '') =>
  callAsAccount<{ total: number; count: number; data?: { openid: string[] }; next_openid: string }>(a, {
    path: 'cgi-bin/tags/members/getblacklist',
    json: { begin_openid: beginOpenid },
  });

export const blacklistUsers = (a: CapableAccount, openids: string[]) => callAsAccount(a, { path: 'cgi-bin/tags/members/batchblacklist', json: { openid_list: openids } });

export const unblacklistUsers = (a: CapableAccount, openids: string[]) => callAsAccount(a, { path: 'cgi-bin/tags/members/batchunblacklist', json: { openid_list: openids } });
