import { addRuleTexts } from '../core/messages/texts';

/** What errors of the team area say to a person (src/core/messages/texts.ts: how rules are worded). */
export const teamRuleTexts = addRuleTexts({
  'audit.dateRange': [() => '开始日期不能晚于结束日期', () => 'The start date is after the end date.'],
});
