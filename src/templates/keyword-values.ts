import './rule-texts';
/**
 * Template messages under WeChat's rules of 2023-05-04 (类目模板消息): no `first` / `remark`, no
 * colours, and each value checked by its keyword's type, read from the template's content
 * (`{{thing1.DATA}}` is a `thing`). WeChat answers a value outside its type with 47003 "argument
 * invalid! data.thing1.value invalid"; this says the same before WeChat is called, beside the field.
 * developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#类目模板消息
 */
export interface Keyword {
  /** As the template names it: thing1, character_string2… */
  name: string;
  type: string;
}

export interface ValueProblem {
  field: string;
  rule: string;
  limit?: number | string;
  given?: number | string;
}

/** The keywords of a template's content, in order. */
export const keywordsOf = (content: string): Keyword[] =>
  [...content.matchAll(/\{\{\s*([a-z_]+?)(\d*)\.DATA\s*\}\}/g)].map((m) => ({ name: `${m[1]}${m[2]}`, type: m[1]! }));

const han = /\p{Script=Han}/u;
const chars = (s: string) => [...s].length;
const symbolsOnly = /^[\p{P}\p{S}]+$/u;

/** Hours and minutes, optionally after a date in 年月日 or with dashes / slashes; a range joined by ~. */
const timePoint = /^(?:\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?\s*)?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;
const datePoint = /^\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?(?:\s*(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$/;
const ranged = (point: RegExp) => (v: string) => v.split('~').every((p) => point.test(p.trim())) && v.split('~').length <= 2;

/** Each type's check: undefined when the value is acceptable, else the rule and its limit. */
const checks: Record<string, (v: string) => { rule: string; limit?: number | string } | undefined> = {
  thing: (v) => (chars(v) > 20 ? { rule: 'template.thing', limit: 20 } : undefined),
  number: (v) => (!/^-?\d+(?:\.\d+)?$/.test(v) || v.replace(/\D/g, '').length > 32 ? { rule: 'template.number', limit: 32 } : undefined),
  letter: (v) => (!/^[A-Za-z]{1,32}$/.test(v) ? { rule: 'template.letter', limit: 32 } : undefined),
  symbol: (v) => (!symbolsOnly.test(v) || chars(v) > 5 ? { rule: 'template.symbol', limit: 5 } : undefined),
  character_string: (v) => (han.test(v) || chars(v) > 32 ? { rule: 'template.characterString', limit: 32 } : undefined),
  time: (v) => (!ranged(timePoint)(v) ? { rule: 'template.time', limit: '15:01 / 2019年10月1日 15:01' } : undefined),
  date: (v) => (!ranged(datePoint)(v) ? { rule: 'template.date', limit: '2019年10月1日' } : undefined),
  amount: (v) => (!/^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(v) ? { rule: 'template.amount', limit: '¥3598.29 / 100元' } : undefined),
  phone_number: (v) => (!/^[\d+\-() ]{1,17}$/.test(v) ? { rule: 'template.phoneNumber', limit: 17 } : undefined),
  car_number: (v) => (!/^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]{0,6}[\p{Script=Han}A-Za-z0-9]?$/u.test(v) || chars(v) > 8 ? { rule: 'template.carNumber', limit: 8 } : undefined),
  name: (v) => (han.test(v) ? (chars(v) > 10 ? { rule: 'template.name', limit: 10 } : undefined) : chars(v) > 20 ? { rule: 'template.name', limit: 20 } : undefined),
  phrase: (v) => (!/^\p{Script=Han}{1,5}$/u.test(v) ? { rule: 'template.phrase', limit: 5 } : undefined),
};

/**
 * What is wrong with `data` (WeChat's shape, `{thing1: {value: '…'}}`) for a template whose content
 * is `content`: every keyword present, no other key (no `first`, `remark`, `color`), no line break,
 * each value within its type; `const` only one of `approved` (the values WeChat approved for the
 * template, when known). One problem per field, in the template's order.
 */
export const checkTemplateData = (content: string, data: Record<string, { value?: unknown; color?: unknown } | undefined>, approved: Record<string, string[]> = {}): ValueProblem[] => {
  const problems: ValueProblem[] = [];
  const keywords = keywordsOf(content);
  const known = new Set(keywords.map((k) => k.name));
  for (const key of Object.keys(data)) {
    if (!known.has(key)) problems.push({ field: `data.${key}`, rule: key === 'first' || key === 'remark' ? 'template.noFirstRemark' : 'template.unknownKeyword', given: key });
    else if (data[key] && 'color' in data[key]!) problems.push({ field: `data.${key}.color`, rule: 'template.noColor' });
  }
  for (const k of keywords) {
    const field = `data.${k.name}.value`;
    const raw = data[k.name]?.value;
    if (typeof raw !== 'string' || raw === '') {
      problems.push({ field, rule: 'template.valueRequired' });
      continue;
    }
    if (/[\r\n]/.test(raw)) {
      problems.push({ field, rule: 'template.lineBreak' });
      continue;
    }
    if (k.type === 'const') {
      const allowed = approved[k.name];
      if (allowed && !allowed.includes(raw)) problems.push({ field, rule: 'template.const', limit: allowed.join(' / '), given: raw });
      else if (chars(raw) > 20) problems.push({ field, rule: 'template.thing', limit: 20, given: chars(raw) });
      continue;
    }
    const problem = checks[k.type]?.(raw);
    if (problem) problems.push({ field, ...problem, given: raw.length > 40 ? chars(raw) : raw });
  }
  return problems;
};

/** A keyword type's rule and limit, as its check words them (for WeChat's own 47003 about a value). */
export const typeRule = (type: string): { rule: string; limit?: number | string } => {
  // Every check refuses a value of 40 line-free letters except those without a length limit of it.
  const long = checks[type]?.('x'.repeat(40)) ?? checks[type]?.('字'.repeat(40));
  return long ?? { rule: 'template.thing', limit: 20 };
};
