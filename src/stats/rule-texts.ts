import { addRuleTexts, given } from '../core/messages/texts';

/** What errors of the stats area say to a person (src/core/messages/texts.ts: how rules are worded). */
export const statsRuleTexts = addRuleTexts({
  'stats.rangeOrder': [(d) => `${d.label}不能早于开始日期`, (d) => `${d.label} cannot be before the start date.`],
  'stats.rangeTooLong': [(d) => `日期范围最多 ${d.limit} 天${given(d, true, ' 天')}，请缩短范围`, (d) => `A date range spans at most ${d.limit} days${given(d, false)}; choose a shorter one.`],
});
