import type { Account } from './data/accounts';
import { AccountCannotError } from './errors';
import { setNames } from './messages/permission-sets';

/**
 * What an official account may do at WeChat, decided before calling WeChat (SPEC §3 40302). Three
 * things gate a WeChat API:
 * - the account's type, `service_type_info` (0 subscription, 1 subscription upgraded from an old
 *   account, 2 service account) and its verification, `verify_type_info` (-1 not verified, 0 WeChat
 *   verification, 1–5 older or partial verifications), both from api_get_authorizer_info
 *   (developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html);
 *   which API each type and verification may call: the official account's interface permission
 *   page (developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html),
 *   e.g. remarks "暂时开放给微信认证的服务号" (user/info/updateremark);
 * - for a third-party platform, the permission sets the owner granted (`func_info` ids of
 *   api_query_auth; their list: developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html).
 *   A directly bound account calls with its own token: permission sets do not apply to it.
 *
 * What is not known (a direct binding: WeChat tells an account's own token neither its type nor its
 * verification; an account stored before these were kept) is not refused here: WeChat answers, and
 * its 48001 is answered as 40302 too (src/wechat/api-error.ts). Pure: no I/O.
 */
export type CapableAccount = Pick<Account, 'appid' | 'mode'> & Partial<Pick<Account, 'serviceType' | 'verifyType' | 'funcInfo'>>;

/** The product's features that WeChat gates. */
export type Feature =
  | 'followers'
  | 'remarks'
  | 'tags'
  | 'menus'
  | 'materials'
  | 'qrcodes'
  | 'customerService'
  | 'massSend'
  | 'templates'
  | 'webOauth'
  | 'jssdk';

/** A feature's words for people are in src/core/messages/texts.ts (featureNames). */
interface FeatureRule {
  /** The permission set (func_info id) a third-party platform needs for it. */
  permissionSet: number;
  /** What the account itself must be (interface permission page). */
  account?: 'verified' | 'verifiedService';
}

export const featureRules: Readonly<Record<Feature, FeatureRule>> = {
  followers: { permissionSet: 2, account: 'verified' },
  remarks: { permissionSet: 2, account: 'verifiedService' },
  tags: { permissionSet: 2, account: 'verified' },
  menus: { permissionSet: 15 },
  materials: { permissionSet: 11 },
  qrcodes: { permissionSet: 3, account: 'verifiedService' },
  customerService: { permissionSet: 1, account: 'verified' },
  massSend: { permissionSet: 7, account: 'verified' },
  templates: { permissionSet: 7, account: 'verifiedService' },
  webOauth: { permissionSet: 4, account: 'verifiedService' },
  jssdk: { permissionSet: 4 },
};

export const features = Object.keys(featureRules) as Feature[];

/** WeChat API paths by feature; the first prefix that matches wins (remarks before followers). */
const apiPrefixes: readonly (readonly [string, Feature])[] = [
  ['cgi-bin/user/info/updateremark', 'remarks'],
  ['cgi-bin/tags/', 'tags'],
  ['cgi-bin/user/tag/', 'tags'],
  ['cgi-bin/user/', 'followers'],
  ['cgi-bin/menu/', 'menus'],
  ['cgi-bin/get_current_selfmenu_info', 'menus'],
  ['cgi-bin/material/', 'materials'],
  ['cgi-bin/media/', 'materials'],
  ['cgi-bin/qrcode/', 'qrcodes'],
  ['cgi-bin/message/custom/', 'customerService'],
  ['cgi-bin/message/mass/', 'massSend'],
  ['cgi-bin/message/template/', 'templates'],
  ['cgi-bin/template/', 'templates'],
  ['cgi-bin/ticket/getticket', 'jssdk'],
];

export const featureOfApi = (path: string): Feature | undefined => apiPrefixes.find(([prefix]) => path.startsWith(prefix))?.[1];

/** `need` of a 40302: 'serviceAccount', 'verification' or 'permissionSet:<id>'. */
export type Need = 'serviceAccount' | 'verification' | `permissionSet:${number}`;

export const isVerified = (verifyType: number): boolean => verifyType !== -1;
export const isServiceAccount = (serviceType: number): boolean => serviceType === 2;

/** What the account lacks for a feature: the first missing need, or undefined (allowed, or not known). */
export const missingFor = (account: CapableAccount, feature: Feature): Need | undefined => {
  const rule = featureRules[feature];
  if (rule.account === 'verifiedService' && account.serviceType !== undefined && !isServiceAccount(account.serviceType)) return 'serviceAccount';
  if (rule.account && account.verifyType !== undefined && !isVerified(account.verifyType)) return 'verification';
  if (account.mode === 'component' && account.funcInfo && !account.funcInfo.includes(rule.permissionSet)) return `permissionSet:${rule.permissionSet}`;
  return undefined;
};


const setNameOf = (need: Need): string => (need.startsWith('permissionSet:') ? ` (${setNames[Number(need.slice('permissionSet:'.length))] ?? '?'})` : '');

export const cannotError = (feature: Feature, need: Need): AccountCannotError =>
  // The answer is worded from src/core/messages in the reader's language (rule account.cannot); this
  // message is the log's. The text table is not imported here: workers that call WeChat load this
  // module and would carry its 21 KB without ever answering a person.
  new AccountCannotError(`the official account cannot use ${feature}: it needs ${need}${setNameOf(need)}`, need, {
    extra: { feature },
    problem: { rule: 'account.cannot' },
  });

/** Refuses, before WeChat is called, what the account cannot do. */
export const requireFeature = (account: CapableAccount, feature: Feature): void => {
  const need = missingFor(account, feature);
  if (need) throw cannotError(feature, need);
};

/** The same for a WeChat API path (the account client checks every call with it). */
export const requireApi = (account: CapableAccount, path: string): void => {
  const feature = featureOfApi(path);
  if (feature) requireFeature(account, feature);
};
