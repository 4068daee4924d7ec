import * as z from 'zod';
import { ValidationError } from './errors';

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);

/** Renders zod's first issue as `field: what is wrong`, the shape SPEC §3 asks of `msg`. */
export const describeIssue = (issue: z.core.$ZodIssue, input?: unknown): string => {
  const field = issue.path.length ? issue.path.map(String).join('.') : 'body';
  if (issue.path.length && valueAt(input, issue.path) === undefined) return `${field}: is required`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `${field}: at most ${issue.maximum} characters`;
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return Number(issue.minimum) <= 1 ? `${field}: must not be empty` : `${field}: at least ${issue.minimum} characters`;
  }
  return `${field}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
};

export const validate = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(describeIssue(result.error.issues[0]!, input), { cause: result.error });
  }
  return result.data;
};
