import { addRuleTexts } from '../core/messages/texts';

/** What errors of drafts, 发表 and 群发 say to a person (src/core/messages/texts.ts: how rules are worded). */
export const contentRuleTexts = addRuleTexts({
  'content.digestSingleOnly': [() => '只有单图文才有摘要：多图文的摘要微信不显示，请删去', () => 'Only a single-article draft has a digest (WeChat shows none for several); remove it.'],
  'content.oneMessage': [() => '请选择一种群发内容：图文草稿、文字、图片、语音或视频，只能选一种', () => 'Choose exactly one thing to send: a draft, text, an image, a voice or a video.'],
  'content.tagOrAll': [() => '请选择发送对象：按标签发送或发送给全部粉丝，二选一', () => 'Choose the recipients: one tag, or all followers (not both).'],
  massSendDaily: [
    () => '订阅号每天只能群发 1 次，今天已群发（或已定时）过：请明天再发，或改用「发表」（不推送给粉丝，不占群发次数）',
    () => 'A subscription account mass-sends once a day and has sent (or scheduled) one today: send tomorrow, or publish instead (not pushed, no mass send spent).',
  ],
  massSendPerMinute: [() => '每分钟最多群发 60 次（微信的限制）：请 1 分钟后再试', () => "At most 60 mass sends a minute (WeChat's limit): try again in a minute."],
  'approval.ownSend': [() => '不能审批自己提交的发送：请另一位管理员或所有者审批', () => 'You cannot approve your own send: another admin or owner must.'],
  'approval.notPending': [() => '这条发送不在等待审批中（可能已被批准、驳回或取消），请刷新', () => 'This send is not waiting for approval (approved, rejected or cancelled meanwhile): reload.'],
});
