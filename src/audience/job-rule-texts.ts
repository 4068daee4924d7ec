import { addRuleTexts } from '../core/messages/texts';

/** Segment jobs and exports. */
export const audienceJobRuleTexts = addRuleTexts({
  'audience.noFilter': [() => '请至少选择一个筛选条件（标签、关注时间、备注名、二维码场景、语言或关注渠道）', () => 'Choose at least one filter (tag, follow time, remark, QR scene, language or channel).'],
  'audience.segmentGone': [() => '没有找到这个粉丝分组结果：分组结果只保留 24 小时，请重新筛选', () => 'No such segment of this account: a segment is kept 24 hours; filter again.'],
  'audience.segmentRunning': [() => '这个粉丝分组还在计算中，请稍后再看', () => 'This segment is still being worked out; look again shortly.'],
  'audience.segmentFailed': [() => '这个粉丝分组没有算完（出错了），请重新筛选', () => 'This segment failed; filter again.'],
  'audience.exportGone': [() => '没有找到这个导出：导出的文件只保留 24 小时，请重新导出', () => 'No such export: an export file is kept 24 hours; export again.'],
  'format.language': [(d) => `${d.label}应为微信的语言代码，例如 zh_CN`, (d) => `${d.label} must be a WeChat language code such as zh_CN.`],
  'format.subscribeScene': [(d) => `${d.label}应为微信的关注渠道代码，例如 ADD_SCENE_QR_CODE`, (d) => `${d.label} must be a WeChat channel code such as ADD_SCENE_QR_CODE.`],
});
