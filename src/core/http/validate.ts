import type * as z from 'zod';
import { safeParse } from 'zod/v4/core';
import { ValidationError } from '../errors';
import { fieldPath, issueDetail, valueAt } from '../messages/issues';

export { fieldPath } from '../messages/issues';

/** zod's first issue as `field: what is wrong`, for the logs; the answer's `msg` is worded from the problem. */
export const describeIssue = (issue: z.core.$ZodIssue, input?: unknown): string => {
  const field = issue.path.length ? fieldPath(issue.path) : 'body';
  if (issue.code !== 'custom' && issue.path.length && valueAt(input, issue.path) === undefined) return `${field}: is required`;
  return `${field}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
};

/** Checks with any zod schema, classic or zod/mini (core's safeParse: no classic zod bundled with it). */
export const validate = <S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> => {
  const result = safeParse(schema, input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ValidationError(describeIssue(issue, input), { cause: result.error, problem: issueDetail(issue, input) });
  }
  return result.data;
};
