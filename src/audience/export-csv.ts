import type { DirectoryFollower } from './data/directory';

/**
 * The follower export as a person in China opens it: UTF-8 with a BOM (Excel reads Chinese only
 * then), headers in Chinese, tags by name, the follow time in Beijing time, the channel in words.
 * A cell a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading quote (OWASP's
 * CSV injection advice): remarks and tag names are typed by people.
 */
export const exportHeader = ['openid', '备注', '标签', '关注时间', '关注渠道', '二维码场景', '语言'] as const;

/**
 * subscribe_scene as WeChat's back office words it (user/info, "返回用户关注的渠道来源":
 * developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html).
 * A value WeChat adds later is shown as it came.
 */
export const channelWords: Record<string, string> = {
  ADD_SCENE_SEARCH: '公众号搜索',
  ADD_SCENE_ACCOUNT_MIGRATION: '公众号迁移',
  ADD_SCENE_PROFILE_CARD: '名片分享',
  ADD_SCENE_QR_CODE: '扫描二维码',
  ADD_SCENE_PROFILE_LINK: '图文页内名称点击',
  ADD_SCENE_PROFILE_ITEM: '图文页右上角菜单',
  ADD_SCENE_PAID: '支付后关注',
  ADD_SCENE_WECHAT_ADVERTISEMENT: '微信广告',
  ADD_SCENE_REPRINT: '他人转载',
  ADD_SCENE_LIVESTREAM: '视频号直播',
  ADD_SCENE_CHANNELS: '视频号',
  ADD_SCENE_WXA: '小程序关注',
  ADD_SCENE_OTHERS: '其他',
};

const languageWords: Record<string, string> = { zh_CN: '简体中文', zh_TW: '繁体中文', en: '英文' };

/** Epoch seconds as Beijing time (UTC+8, no daylight saving): `2026-12-06 20:15:00`. */
export const beijingTime = (seconds: number): string =>
  seconds > 0 ? new Date(seconds * 1000 + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '';

const cell = (value: string): string => {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvStart = (): string => '\uFEFF' + exportHeader.join(',') + '\r\n';

export const csvRow = (f: DirectoryFollower, tagNames: Map<number, string>): string =>
  [
    f.openid,
    f.remark,
    f.tags.map((t) => tagNames.get(t) ?? String(t)).join('、'),
    beijingTime(f.subscribeTime),
    channelWords[f.subscribeScene] ?? f.subscribeScene,
    f.qrScene,
    f.language ? (languageWords[f.language] ?? f.language) : '',
  ]
    .map(cell)
    .join(',') + '\r\n';
