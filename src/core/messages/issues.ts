import type * as z from 'zod';
import { knowsRule, type ErrorDetail } from './texts';

/**
 * zod's issues as the product's error detail: the field's path, the rule it broke, the limit and
 * what was given. Pure and free of zod's runtime: the API's validation and the console's checks
 * while typing both describe a value through it, so they say the same thing.
 *
 * A schema names a rule of ./texts.ts as a check's message (`z.regex(re, 'format.appid')`), and a
 * custom check puts its numbers in `params` (`{ message: 'maxBytes', params: { limit: 16, given: 27 } }`).
 */

/** `button[1].sub_button[3].name`: list positions in brackets, as the field is written in JSON paths. */
export const fieldPath = (path: readonly PropertyKey[]): string =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');

/** A nested field may arrive as JSON inside a form field (SPEC §3): look into it as the schema does. */
const asObject = (value: unknown): unknown => {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

export const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((parent, key) => {
    const value = asObject(parent);
    return value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }, input);

const lengthOf = (value: unknown): number | undefined =>
  typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : undefined;

const typeRules: Record<string, string> = { number: 'number', int: 'integer', string: 'text', boolean: 'boolean', array: 'list', object: 'object' };

export const issueDetail = (issue: z.core.$ZodIssue, input?: unknown): ErrorDetail => {
  const field = issue.path.length ? fieldPath(issue.path) : undefined;
  const value = input === undefined ? undefined : valueAt(input, issue.path);
  const params = (issue as { params?: { limit?: number | string; given?: number | string } }).params ?? {};
  if (knowsRule(issue.message)) return { field, rule: issue.message, limit: params.limit, given: params.given };
  if (issue.code !== 'custom' && issue.path.length && input !== undefined && value === undefined) return { field, rule: 'required' };
  switch (issue.code) {
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = Number(big ? issue.maximum : issue.minimum);
      if (issue.origin === 'string') {
        if (!big && limit <= 1) return { field, rule: 'required' };
        return { field, rule: big ? 'maxLength' : 'minLength', limit, given: lengthOf(value) };
      }
      if (issue.origin === 'array' || issue.origin === 'set') return { field, rule: big ? 'maxItems' : 'minItems', limit, given: lengthOf(value) };
      return { field, rule: big ? 'max' : 'min', limit, given: typeof value === 'number' || typeof value === 'string' ? value : undefined };
    }
    case 'invalid_type':
      if (value === undefined || value === null || value === '') return { field, rule: 'required' };
      return { field, rule: typeRules[issue.expected] ?? 'invalid' };
    case 'invalid_format':
      if (issue.format === 'email') return { field, rule: 'email' };
      if (issue.format === 'url') return { field, rule: 'httpUrl' };
      return { field, rule: 'format' };
    case 'invalid_value':
      return { field, rule: 'oneOf', limit: issue.values.map(String).join('、') };
    case 'invalid_union': {
      // The branch the value was meant for is the one that got past the type check: its first issue says what is wrong.
      const meant = issue.errors.find((branch) => branch.length > 0 && branch[0]!.code !== 'invalid_type')?.[0];
      if (meant) return issueDetail({ ...meant, path: [...issue.path, ...meant.path] } as z.core.$ZodIssue, input);
      return { field, rule: 'invalid' };
    }
    case 'unrecognized_keys':
      return { field: fieldPath([...issue.path, issue.keys[0] ?? '']), rule: 'unknownField' };
    default:
      return { field, rule: 'invalid' };
  }
};
