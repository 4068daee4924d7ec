import type * as z from 'zod';
import { safeParse } from 'zod/v4/core';
import { ValidationError } from '../errors';

/** A nested field may arrive as JSON inside a form field (SPEC §3): look into it as the schema does. */
const asObject = (value: unknown): unknown => {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((parent, key) => {
    const value = asObject(parent);
    return value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }, input);

/** `button[1].sub_button[3].name`: list positions in brackets, as the field is written in JSON paths. */
export const fieldPath = (path: readonly PropertyKey[]): string =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');

/** Renders zod's first issue as `field: what is wrong`, the shape SPEC §3 asks of `msg`. */
export const describeIssue = (issue: z.core.$ZodIssue, input?: unknown): string => {
  const field = issue.path.length ? fieldPath(issue.path) : 'body';
  if (issue.code !== 'custom' && issue.path.length && valueAt(input, issue.path) === undefined) return `${field}: is required`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `${field}: at most ${issue.maximum} characters`;
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return Number(issue.minimum) <= 1 ? `${field}: must not be empty` : `${field}: at least ${issue.minimum} characters`;
  }
  return `${field}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
};

/** Checks with any zod schema, classic or zod/mini (core's safeParse: no classic zod bundled with it). */
export const validate = <S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> => {
  const result = safeParse(schema, input);
  if (!result.success) {
    throw new ValidationError(describeIssue(result.error.issues[0]!, input), { cause: result.error });
  }
  return result.data;
};
