import { addRuleTexts } from '../core/messages/texts';

/** What errors of reply rules say to a person (src/core/messages/texts.ts: how rules are worded). */
export const repliesRuleTexts = addRuleTexts({
  'reply.keywordExists': [() => '这个关键词已有回复规则：请编辑已有的规则，或换一个关键词', () => 'A rule for this keyword exists already: edit that rule, or choose another keyword.'],
  'reply.typeMismatch': [(d) => `回复内容的类型是 ${d.given}，与所选类型 ${d.limit} 不一致`, (d) => `The reply is of type ${d.given} but the rule's type is ${d.limit}.`],
  'reply.keywordTaken': [(d) => `关键词“${d.given}”已在另一条规则中：一个关键词只能属于一条规则，请删去或换一个`, (d) => `The keyword "${d.given}" belongs to another rule: a keyword belongs to one rule only; remove it or choose another.`],
  'reply.keywordTwice': [(d) => `关键词“${d.given}”在这条规则里填了两次，请删去一个`, (d) => `The keyword "${d.given}" is twice in this rule; remove one.`],
  'reply.keywordAt': [(d) => `${d.label}不能以 @ 开头：@subscribe 和 @default 由「被关注回复」和「收到消息回复」设置`, (d) => `${d.label} cannot start with @: @subscribe and @default are set as the follow reply and the message reply.`],
  'reply.reservedAlone': [() => '被关注回复和收到消息回复没有关键词，请去掉其他关键词', () => 'The follow reply and the message reply have no keywords; remove the other keywords.'],
  'reply.changedElsewhere': [
    (d) => `这条规则已在别处修改（现为第 ${d.limit} 版，你打开的是第 ${d.given ?? 0} 版）：请重新加载，看过最新内容后再保存`,
    (d) => `This rule was changed elsewhere (now version ${d.limit}, you opened version ${d.given ?? 0}): reload, check the latest, then save again.`,
  ],
});
