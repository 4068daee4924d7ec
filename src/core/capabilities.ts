import type { Account } from './data/accounts';
import { AccountCannotError } from './errors';

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

/** WeChat's permission sets of an official account, in WeChat's words and ours (func_info ids). */
export const permissionSets: Readonly<Record<number, { zh: string; en: string }>> = {
  1: { zh: '消息管理权限', en: 'message management' },
  2: { zh: '用户管理权限', en: 'user management' },
  3: { zh: '帐号服务权限', en: 'account services' },
  4: { zh: '网页服务权限', en: 'web services' },
  5: { zh: '微信小店权限', en: 'WeChat store' },
  6: { zh: '微信多客服权限', en: 'multi-agent customer service' },
  7: { zh: '群发与通知权限', en: 'mass send and notifications' },
  8: { zh: '微信卡券权限', en: 'cards and coupons' },
  9: { zh: '微信扫一扫权限', en: 'WeChat scan' },
  10: { zh: '微信连WIFI权限', en: 'Wi-Fi via WeChat' },
  11: { zh: '素材管理权限', en: 'materials' },
  12: { zh: '微信摇周边权限', en: 'shake nearby' },
  13: { zh: '微信门店权限', en: 'stores' },
  15: { zh: '自定义菜单权限', en: 'custom menus' },
  22: { zh: '城市服务接口权限', en: 'city services' },
  23: { zh: '广告管理权限', en: 'advertising' },
  24: { zh: '开放平台帐号管理权限', en: 'open platform account management' },
  26: { zh: '微信电子发票权限', en: 'e-invoices' },
  27: { zh: '快速注册小程序权限', en: 'fast mini program registration' },
  33: { zh: '小程序管理权限', en: 'mini program management' },
};

export const serviceTypes: Readonly<Record<number, { zh: string; en: string }>> = {
  0: { zh: '订阅号', en: 'subscription account' },
  1: { zh: '订阅号（由历史老帐号升级）', en: 'subscription account (upgraded from an old account)' },
  2: { zh: '服务号', en: 'service account' },
};

export const verifyTypes: Readonly<Record<number, { zh: string; en: string }>> = {
  [-1]: { zh: '未认证', en: 'not verified' },
  0: { zh: '微信认证', en: 'WeChat verification' },
  1: { zh: '新浪微博认证', en: 'Sina Weibo verification' },
  2: { zh: '腾讯微博认证', en: 'Tencent Weibo verification' },
  3: { zh: '已资质认证，名称认证未通过', en: 'qualification verified, name not yet' },
  4: { zh: '已资质认证，名称认证未通过，但通过了新浪微博认证', en: 'qualification verified, name not yet, Sina Weibo verified' },
  5: { zh: '已资质认证，名称认证未通过，但通过了腾讯微博认证', en: 'qualification verified, name not yet, Tencent Weibo verified' },
};

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

interface FeatureRule {
  label: string;
  /** The permission set (func_info id) a third-party platform needs for it. */
  permissionSet: number;
  /** What the account itself must be (interface permission page). */
  account?: 'verified' | 'verifiedService';
}

export const featureRules: Readonly<Record<Feature, FeatureRule>> = {
  followers: { label: 'reading followers', permissionSet: 2, account: 'verified' },
  remarks: { label: "setting a follower's remark", permissionSet: 2, account: 'verifiedService' },
  tags: { label: 'groups (tags)', permissionSet: 2, account: 'verified' },
  menus: { label: 'the custom menu', permissionSet: 15 },
  materials: { label: 'materials', permissionSet: 11 },
  qrcodes: { label: 'QR codes with parameters', permissionSet: 3, account: 'verifiedService' },
  customerService: { label: 'customer-service messages', permissionSet: 1, account: 'verified' },
  massSend: { label: 'mass send', permissionSet: 7, account: 'verified' },
  templates: { label: 'template messages', permissionSet: 7, account: 'verifiedService' },
  webOauth: { label: 'web authorization (OAuth)', permissionSet: 4, account: 'verifiedService' },
  jssdk: { label: 'the JS-SDK', permissionSet: 4 },
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

/** Whether the account may use the feature: true, false, or null when only WeChat can tell. */
export const allows = (account: CapableAccount, feature: Feature): boolean | null => {
  if (missingFor(account, feature)) return false;
  const rule = featureRules[feature];
  const typeUnknown = rule.account !== undefined && (account.verifyType === undefined || (rule.account === 'verifiedService' && account.serviceType === undefined));
  const setUnknown = account.mode === 'component' && account.funcInfo === undefined;
  return typeUnknown || setUnknown ? null : true;
};

const needWords = (need: Need, account: CapableAccount): string => {
  if (need === 'serviceAccount') {
    const type = serviceTypes[account.serviceType ?? 0]?.en ?? 'not a service account';
    return `a service account (服务号); this official account is a ${type}`;
  }
  if (need === 'verification') return 'a verified official account (微信认证); this one is not verified (未认证)';
  const id = Number(need.slice('permissionSet:'.length));
  const set = permissionSets[id];
  return `the permission set ${set?.zh ?? id} (${set?.en ?? 'id'} ${id}), which the owner did not grant this platform: authorize the account again with it ticked`;
};

export const cannotError = (account: CapableAccount, feature: Feature, need: Need): AccountCannotError =>
  new AccountCannotError(`the official account cannot use ${featureRules[feature].label}: it needs ${needWords(need, account)}`, need, {
    extra: { feature },
  });

/** Refuses, before WeChat is called, what the account cannot do. */
export const requireFeature = (account: CapableAccount, feature: Feature): void => {
  const need = missingFor(account, feature);
  if (need) throw cannotError(account, feature, need);
};

/** The same for a WeChat API path (the account client checks every call with it). */
export const requireApi = (account: CapableAccount, path: string): void => {
  const feature = featureOfApi(path);
  if (feature) requireFeature(account, feature);
};

export interface CapabilityView {
  feature: Feature;
  /** null: not known here (a direct binding's type and verification); WeChat decides. */
  allowed: boolean | null;
  need?: Need;
}

/** Every feature as the settings page shows it. */
export const capabilitiesOf = (account: CapableAccount): CapabilityView[] =>
  features.map((feature) => {
    const need = missingFor(account, feature);
    return { feature, allowed: allows(account, feature), ...(need ? { need } : {}) };
  });
