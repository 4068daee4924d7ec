import type { SimAccount } from './state';

/**
 * Which official accounts may call an API, as WeChat decides it (and answers 48001 "api
 * unauthorized" otherwise):
 * - by the account's type and verification: the official account's interface permission page
 *   (developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html);
 *   remarks, for instance, "暂时开放给微信认证的服务号" (user/info/updateremark);
 * - through a third-party platform, by the permission sets the owner granted (func_info ids,
 *   developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html).
 * The simulator's own table, written from those pages (not shared with the product's).
 */
interface ApiRule {
  /** Absent: the page names no permission set the simulator can vouch for; not checked. */
  funcscope?: number;
  account?: 'verified' | 'verified-service';
}

const rules: readonly (readonly [string, ApiRule])[] = [
  ['cgi-bin/user/info/updateremark', { funcscope: 2, account: 'verified-service' }],
  ['cgi-bin/tags/', { funcscope: 2, account: 'verified' }],
  ['cgi-bin/user/', { funcscope: 2, account: 'verified' }],
  ['cgi-bin/menu/', { funcscope: 15 }],
  ['cgi-bin/get_current_selfmenu_info', { funcscope: 15 }],
  ['cgi-bin/material/', { funcscope: 11 }],
  ['cgi-bin/media/', { funcscope: 11 }],
  ['cgi-bin/qrcode/', { funcscope: 3, account: 'verified-service' }],
  ['cgi-bin/message/custom/', { funcscope: 1, account: 'verified' }],
  ['cgi-bin/message/mass/', { funcscope: 7, account: 'verified' }],
  ['cgi-bin/message/template/', { funcscope: 7, account: 'verified-service' }],
  ['cgi-bin/template/', { funcscope: 7, account: 'verified-service' }],
  ['cgi-bin/ticket/getticket', { funcscope: 4 }],
  // Data APIs are "open to all verified Official Accounts" (developers.weixin.qq.com/doc/service/en/Analytics/User_Analysis_Data_Interface.html);
  // user data is set 2 (api_getusersummary), published content set 7 (api_getarticletotaldetail).
  ['datacube/getuser', { funcscope: 2, account: 'verified' }],
  ['datacube/getarticletotaldetail', { funcscope: 7, account: 'verified' }],
  ['datacube/', { account: 'verified' }],
];

const ruleOf = (path: string): ApiRule | undefined => rules.find(([prefix]) => path.startsWith(prefix))?.[1];

/** Whether the account may call `path` with this token (its own, or an authorizer token of the platform). */
export const mayCall = (account: SimAccount | undefined, path: string, viaComponent: boolean): boolean => {
  const rule = ruleOf(path);
  if (!rule || !account) return true;
  if (rule.account && account.verifyType === -1) return false;
  if (rule.account === 'verified-service' && account.serviceType !== 2) return false;
  return !viaComponent || rule.funcscope === undefined || account.funcscopes.includes(rule.funcscope);
};
