import type { CapableAccount } from '../core/capabilities';
import { getApiQuota, type ApiQuota } from '../wechat/api/quota';
import { ErrorCode } from '../core/errors';
import { WechatApiError } from '../wechat/api-error';

/**
 * The WeChat APIs whose daily quota an owner runs into, each with the feature of ours that spends it
 * (what the settings page shows beside WeChat's numbers, so "45009" reads as "the follower sync used
 * today's quota"). openapi/quota/get answers one API per call, so this is the handful that matter,
 * not every API we call.
 */
export const watchedApis = [
  { path: '/cgi-bin/message/custom/send', feature: 'inbox.reply' },
  { path: '/cgi-bin/user/get', feature: 'followers.sync' },
  { path: '/cgi-bin/user/info/batchget', feature: 'followers.sync' },
  { path: '/cgi-bin/tags/get', feature: 'groups' },
  { path: '/cgi-bin/menu/create', feature: 'menus.publish' },
  { path: '/cgi-bin/qrcode/create', feature: 'platform.qrcode' },
  { path: '/cgi-bin/material/add_material', feature: 'materials.upload' },
] as const satisfies readonly { path: `/${string}`; feature: string }[];

export type ApiQuotaRow = { path: string; feature: string } & (ApiQuota | { wxerrcode: number });

/**
 * Each watched API's quota, asked in parallel. An API WeChat will not report for this account (its
 * own refusal, e.g. 48001 for a permission set not granted) is shown as that errcode, not as a failed
 * page: the other rows still say what used the quota. Anything else (busy, a broken token) fails the
 * request as any WeChat call does.
 */
export const apiQuotas = (account: CapableAccount): Promise<ApiQuotaRow[]> =>
  Promise.all(
    watchedApis.map(async ({ path, feature }) => {
      try {
        const { daily_limit, used, remain } = await getApiQuota(account, path);
        return { path, feature, daily_limit, used, remain };
      } catch (error) {
        if (error instanceof WechatApiError && (error.errcode === ErrorCode.wechat || error.errcode === ErrorCode.accountCannot)) return { path, feature, wxerrcode: error.wxerrcode };
        throw error;
      }
    }),
  );
