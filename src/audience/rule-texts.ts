import { addRuleTexts } from '../core/messages/texts';

/** What errors of the audience area say to a person (src/core/messages/texts.ts: how rules are worded). */
export const audienceRuleTexts = addRuleTexts({
  'audience.oneFilter': [
    (d) => `一次只能按一个条件筛选粉丝（标签、关注时间、备注名或二维码场景），当前同时选了：${d.given}`,
    (d) => `Filter followers by one thing at a time (tag, follow time, remark or QR scene); given: ${d.given}.`,
  ],
  'audience.syncRunning': [() => '这个公众号的粉丝同步正在进行：请等它完成（可在粉丝页查看进度）', () => "A follower sync of this account is running: wait for it to finish (its progress is on the followers page)."],
});

/** Segment jobs and exports. */
export const audienceJobRuleTexts = addRuleTexts({
  'audience.noFilter': [() => '请至少选择一个筛选条件（标签、关注时间、备注名、二维码场景、语言或关注渠道）', () => 'Choose at least one filter (tag, follow time, remark, QR scene, language or channel).'],
  'audience.segmentGone': [() => '没有找到这个粉丝分组结果：分组结果只保留 24 小时，请重新筛选', () => 'No such segment of this account: a segment is kept 24 hours; filter again.'],
  'audience.segmentRunning': [() => '这个粉丝分组还在计算中，请稍后再看', () => 'This segment is still being worked out; look again shortly.'],
  'audience.segmentFailed': [() => '这个粉丝分组没有算完（出错了），请重新筛选', () => 'This segment failed; filter again.'],
  'audience.exportGone': [() => '没有找到这个导出：导出的文件只保留 24 小时，请重新导出', () => 'No such export: an export file is kept 24 hours; export again.'],
  'format.jobId': [(d) => `${d.label}不是本平台给出的编号`, (d) => `${d.label} is not an id this platform gave.`],
  'format.language': [(d) => `${d.label}应为微信的语言代码，例如 zh_CN`, (d) => `${d.label} must be a WeChat language code such as zh_CN.`],
  'format.subscribeScene': [(d) => `${d.label}应为微信的关注渠道代码，例如 ADD_SCENE_QR_CODE`, (d) => `${d.label} must be a WeChat channel code such as ADD_SCENE_QR_CODE.`],
});
