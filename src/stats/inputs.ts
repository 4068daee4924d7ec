import * as z from 'zod/mini';
import { appid, preprocess } from '../core/http/schemas-mini';
import { isRealDay, spanDays } from './days';
import './rule-texts';

/**
 * Request schemas of the statistics area: a range of days (`YYYY-MM-DD`, Asia/Shanghai, both
 * included), at most a year (366 days: the dashboard's longest choice; a year's items are one Query).
 */
export const maxRangeDays = 366;

const day = z.string().check(
  z.trim(),
  z.refine<string>((s) => isRealDay(s), 'format.date'),
  z.meta({ examples: ['2026-12-01'] }),
);

const range = {
  appid,
  from: day,
  to: day,
};

/** `to` not before `from`, and the span within the limit: named on `to`, with the limit and the span given. */
const rangeCheck = z.superRefine((v: { from: string; to: string }, ctx) => {
  if (!isRealDay(v.from) || !isRealDay(v.to)) return;
  const span = spanDays(v.from, v.to);
  if (span < 1) ctx.issues.push({ code: 'custom', message: 'stats.rangeOrder', path: ['to'], input: v.to });
  else if (span > maxRangeDays) ctx.issues.push({ code: 'custom', message: 'stats.rangeTooLong', path: ['to'], params: { limit: maxRangeDays, given: span }, input: v.to });
});

export const StatsRangeInput = z.object(range).check(rangeCheck);

const wholeNumber = (min: number, max: number) =>
  preprocess((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : v), z.number().check(z.int(), z.gte(min), z.lte(max)));

export const UnmatchedInput = z.object({ ...range, limit: z._default(wholeNumber(1, 100), 20) }).check(rangeCheck);

