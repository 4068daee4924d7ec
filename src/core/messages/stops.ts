import { AppError, ErrorCode } from '../errors';
import type { ErrorDetail } from './texts';

/**
 * Why a job in the background stopped (a send that failed or was not sent): the parts of an
 * error, kept with the record and worded when it is read, in the reader's language, as an answer's
 * `msg` is (./stop-text.ts). The record's `reason` stays the developer's text; `reasonText` is the
 * person's. Light: the consumers that stop a job do not load the text table.
 */
export type Stop = { errcode: number } & Pick<ErrorDetail, 'field' | 'rule' | 'limit' | 'given' | 'need' | 'feature' | 'wxerrcode' | 'wxerrmsg'>;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const number = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** The parts that are there: a stop is stored as it is, and DynamoDB takes no undefined. */
const defined = <T extends object>(parts: T): T => Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined)) as T;

/** A stop by one of our rules (./texts.ts and the areas' rule-texts.ts word it). */
export const stopBy = (rule: string, detail: Omit<Stop, 'errcode' | 'rule'> = {}): Stop => ({ errcode: 0, rule, ...defined(detail) });

/** A stop by an error a job ran into: its errcode and problem, and WeChat's errcode when WeChat refused. */
export const stopOf = (error: unknown): Stop => {
  if (!(error instanceof AppError)) return { errcode: ErrorCode.internal };
  const { field, rule, limit, given } = error.problem;
  const parts = defined({
    field,
    rule: rule ?? text(error.extra['rule']),
    limit,
    given,
    need: text(error.extra['need']),
    feature: text(error.extra['feature']),
    wxerrcode: number(error.extra['wxerrcode']),
    wxerrmsg: text(error.extra['wxerrmsg']),
  });
  return { errcode: error.errcode, ...parts };
};
