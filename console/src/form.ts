import { useState } from 'preact/hooks';
import type * as z from 'zod';
import { ApiError } from './api';
import { issueDetail } from '../../src/core/messages/issues';
import { describeError } from '../../src/core/messages/texts';
import { language, t } from './i18n';

/**
 * Form state with errors per field. `check` runs the same zod schema the handler validates with;
 * `fail` places an API error beside the field its message names ("field: what is wrong"), or at
 * the form's top when it names none.
 */
export type Errors = Record<string, string>;

/**
 * What a check while typing says: the same table of texts the API words its answers from
 * (src/core/messages), so a limit reads the same before and after the request.
 */
export const issueText = (issue: z.core.$ZodIssue, value?: unknown): string => {
  const detail = issueDetail(issue, value);
  return describeError(40000, detail, language()) ?? t('err.format');
};

/** A request schema the form can run: classic zod or zod/mini (some handlers' schemas are mini, for their cold start). */
export type FormSchema = { safeParse(value: unknown): z.core.util.SafeParseResult<unknown> };

/** The schema's issues as field → message (the first issue of each top-level field). */
export const schemaErrors = (schema: FormSchema, value: unknown): Errors | undefined => {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const errors: Errors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    // An empty field that must hold a pattern (an appid, a token) is missing, not malformed.
    const empty = typeof value === 'object' && value !== null && (value as Record<string, unknown>)[field] === '';
    errors[field] ??= empty ? t('err.required') : issueText(issue, value);
  }
  return errors;
};

export const useForm = <T extends Record<string, unknown>>(initial: T) => {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof T>(name: K, value: T[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors(({ [name as string]: _drop, ...rest }) => rest);
  };
  /** Runs the schema; true when the values pass. */
  const check = (schema: FormSchema, value: unknown = values): boolean => {
    const found = schemaErrors(schema, value);
    setErrors(found ?? {});
    return !found;
  };
  const fail = (error: unknown, fields: string[] = Object.keys(values)) => {
    if (error instanceof ApiError) {
      if (error.field && fields.includes(error.field)) setErrors({ [error.field]: error.detail });
      else setErrors({ _form: error.errcode === -1 ? t('err.network') : error.message });
    } else {
      setErrors({ _form: String((error as Error)?.message ?? error) });
    }
  };
  /** Wraps a submit handler: prevents the page load, marks the form busy, reports failures. */
  const submit = (fn: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  return { values, setValues, errors, setErrors, busy, set, check, fail, submit };
};
