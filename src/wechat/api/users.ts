import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/** Followers (cgi-bin/user/*). */
type A = CapableAccount;

/**
 * A follower as user/info and batchget describe them today: since 2021 WeChat returns no
 * nickname, avatar, gender or region, and marks `language` "no longer provided"
 * (developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_userinfo).
 */
export interface WechatFollower {
  subscribe: number;
  openid: string;
  subscribe_time?: number;
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
  language?: string;
}

export const updateRemark = (a: A, openid: string, remark: string) =>
  callAsAccount(a, { path: 'cgi-bin/user/info/updateremark', json: { openid, remark } });

/** WeChat answers at most 100 profiles a call. */
export const batchGetProfiles = (a: A, openids: string[]) =>
  callAsAccount<{ user_info_list: WechatFollower[] }>(a, {
    path: 'cgi-bin/user/info/batchget',
    json: { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) },
  }).then((r) => r.user_info_list);

/** Up to 10,000 openids after `nextOpenid`, and the account's follower total. */
export const listFollowers = (a: A, nextOpenid = '') =>
  callAsAccount<{ total: number; count: number; data?: { openid: string[] }; next_openid: string }>(a, {
    path: 'cgi-bin/user/get',
    method: 'GET',
    query: nextOpenid ? { next_openid: nextOpenid } : {},
  });
