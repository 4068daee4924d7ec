import { addRuleTexts } from '../core/messages/texts';

/** What errors of the audience area say to a person (src/core/messages/texts.ts: how rules are worded). */
export const audienceRuleTexts = addRuleTexts({
  'audience.oneFilter': [
    (d) => `一次只能按一个条件筛选粉丝（标签、关注时间、备注名或二维码场景），当前同时选了：${d.given}`,
    (d) => `Filter followers by one thing at a time (tag, follow time, remark or QR scene); given: ${d.given}.`,
  ],
  'format.jobId': [(d) => `${d.label}不是本平台给出的编号`, (d) => `${d.label} is not an id this platform gave.`],
  'audience.syncRunning': [() => '这个公众号的粉丝同步正在进行：请等它完成（可在粉丝页查看进度）', () => "A follower sync of this account is running: wait for it to finish (its progress is on the followers page)."],
});

