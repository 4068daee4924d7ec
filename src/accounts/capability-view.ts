import { featureRules, features, missingFor, type CapableAccount, type Feature, type Need } from '../core/capabilities';

/**
 * The account's type, verification and permission sets in WeChat's words, and what each feature
 * may do with them, for the settings page (accounts.detail). Kept apart from the check itself
 * (src/core/capabilities.ts), which every WeChat-calling function carries.
 * Permission sets: developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html;
 * service_type_info and verify_type_info: api_get_authorizer_info.
 */

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

/** Whether the account may use the feature: true, false, or null when only WeChat can tell. */
export const allows = (account: CapableAccount, feature: Feature): boolean | null => {
  if (missingFor(account, feature)) return false;
  const rule = featureRules[feature];
  const typeUnknown = rule.account !== undefined && (account.verifyType === undefined || (rule.account === 'verifiedService' && account.serviceType === undefined));
  const setUnknown = account.mode === 'component' && account.funcInfo === undefined;
  return typeUnknown || setUnknown ? null : true;
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
