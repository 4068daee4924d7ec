import { addRuleTexts } from '../core/messages/texts';

/** What errors of reply rules say to a person (src/core/messages/texts.ts: how rules are worded). */
export const repliesRuleTexts = addRuleTexts({
  'reply.keywordExists': [() => '这个关键词已有回复规则：请编辑已有的规则，或换一个关键词', () => 'A rule for this keyword exists already: edit that rule, or choose another keyword.'],
  'reply.typeMismatch': [(d) => `回复内容的类型是 ${d.given}，与所选类型 ${d.limit} 不一致`, (d) => `The reply is of type ${d.given} but the rule's type is ${d.limit}.`],
});
