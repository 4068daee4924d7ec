import { addRuleTexts, sizeText } from '../core/messages/texts';

/** What errors of uploads and materials say to a person (src/core/messages/texts.ts: how rules are worded). */
export const materialsRuleTexts = addRuleTexts({
  'upload.notYours': [() => '这个上传不属于你：请重新选择文件上传', () => 'That upload is not one of yours: choose the file and upload again.'],
  'upload.missing': [() => '没有找到上传的文件（上传链接 15 分钟内有效）：请重新选择文件上传', () => 'Nothing was uploaded there, or it expired (upload links last 15 minutes): choose the file and upload again.'],
  'material.imageTooLarge': [(d) => `这张图片超过平台可转发的 ${sizeText(d.limit)}：请在公众平台查看`, (d) => `This picture is larger than the ${sizeText(d.limit)} the platform relays: view it in WeChat's back office.`],
  'material.notImage': [() => '这个素材不是图片（图文和视频素材不能作为图片显示）', () => 'This material is not a picture (news and video materials cannot be shown as one).'],
  'material.inUse': [
    (d) => `这个素材正被 ${d.given} 条自动回复规则使用，删除后这些规则将无法回复。请先修改这些规则，或确认仍要删除`,
    (d) => `${d.given} automatic reply rule(s) use this material and could no longer reply once it is deleted. Change those rules first, or confirm the deletion.`,
  ],
});
