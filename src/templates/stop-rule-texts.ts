import { addRuleTexts } from '../core/messages/texts';

/**
 * Why a template send stopped (src/core/messages/stops.ts), as the history shows it to a person:
 * loaded by the send views only.
 */
export const templateStopTexts = addRuleTexts({
  'templateSend.accountGone': [
    () => '该公众号已不再授权给本组织，发送已停止：请在「授权公众号」中重新授权后再发送',
    () => 'The official account is no longer authorized in this organization, so the send stopped: authorize it again, then send.',
  ],
  'templateSend.templateGone': [
    () => '微信表示本公众号已没有这个模板（可能已在公众平台删除），发送已停止：请在「模板消息」中重新添加模板后再发送',
    () => 'WeChat says the official account no longer has this template (deleted in the back office?), so the send stopped: add the template again, then send.',
  ],
  'templateSend.valueRefused': [
    (d) => `微信拒绝了${d.given ? `“${d.given}”` : '模板中一项'}的内容（不符合该项的类型要求），发送已停止：请修改后重新发送`,
    (d) => `WeChat refused the value of ${d.given ? `"${d.given}"` : 'a keyword'} (not what its type takes), so the send stopped: correct it and send again.`,
  ],
  'templateSend.segmentGone': [
    () => '粉丝筛选结果已过期删除，发送在此停止（已发出的不受影响）：如需发给其余粉丝，请重新筛选后再发送',
    () => 'The segment expired and was deleted, so the send stopped here (what went out stands): to reach the rest, filter again and send.',
  ],
  'templateSend.notFollowing': [() => '这位用户没有关注本公众号（或已取消关注），收不到模板消息', () => 'This user does not follow the official account (or has unfollowed), so cannot get template messages.'],
  'templateSend.refusedByUser': [() => '这位用户已设置拒收本公众号的模板消息', () => "This user has turned off the official account's template messages."],
});
