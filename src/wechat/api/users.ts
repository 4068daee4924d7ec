import type { Account } from '../../data/accounts';
import { callAsAccount } from './account-client';

/** Followers (cgi-bin/user/*). */
type A = Pick<Account, 'appid' | 'mode'>;

export interface FollowerProfile {
  openid: string;
  subscribe: number;
  nickname?: string;
  [field: string]: unknown;
}

export const updateRemark = (a: A, openid: string, remark: string) =>
  callAsAccount(a, { path: 'cgi-bin/user/info/updateremark', json: { openid, remark } });

/** WeChat answers at most 100 profiles a call. */
export const batchGetProfiles = (a: A, openids: string[]) =>
  callAsAccount<{ user_info_list: FollowerProfile[] }>(a, {
    path: 'cgi-bin/user/info/batchget',
    json: { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) },
  }).then((r) => r.user_info_list);
