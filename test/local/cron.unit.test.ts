import { describe, expect, it } from 'vitest';
import { parseCron } from '../../local/cron';
import { statsScheduled } from '../../src/stats/routes';

/**
 * EventBridge's cron dialect as the local scheduler reads it. Every expectation follows AWS's
 * reference, docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html (six fields,
 * UTC, 1 = SUN, `?` in one day field, `L`, `W`, `#`), and its examples table.
 */
const at = (iso: string) => new Date(iso);
const nextOf = (expression: string, after: string) => parseCron(expression).next(at(after))?.toISOString();
const runs = (expression: string, after: string, n: number) => {
  const schedule = parseCron(expression);
  const out: string[] = [];
  let t = at(after);
  for (let i = 0; i < n; i++) {
    t = schedule.next(t)!;
    out.push(t.toISOString().slice(0, 16));
  }
  return out;
};

describe('EventBridge cron expressions (local scheduler)', () => {
  it('runs the collector every 10 minutes from 00:00 to 03:50 UTC (08:00–11:50 Beijing time), then waits for the next day', () => {
    // The collector's own schedule, as the route table declares it
    const expression = statsScheduled.collectStats.schedule;
    expect(runs(expression, '2026-12-06T03:35:00Z', 3)).toEqual(['2026-12-06T03:40', '2026-12-06T03:50', '2026-12-07T00:00']);
    expect(nextOf(expression, '2026-12-06T19:09:12Z')).toBe('2026-12-07T00:00:00.000Z');
    expect(parseCron(expression).matches(at('2026-12-07T02:20:00Z'))).toBe(true);
    expect(parseCron(expression).matches(at('2026-12-07T04:00:00Z'))).toBe(false);
  });

  it('reads the examples of AWS’s reference: fixed times, weekday ranges by name, steps, the first of the month', () => {
    // 0 10 * * ? *: 10:00 every day
    expect(runs('cron(0 10 * * ? *)', '2026-12-06T10:00:00Z', 2)).toEqual(['2026-12-07T10:00', '2026-12-08T10:00']);
    // 0 18 ? * MON-FRI *: 18:00 Monday to Friday (2026-12-11 is a Friday)
    expect(runs('cron(0 18 ? * MON-FRI *)', '2026-12-11T12:00:00Z', 2)).toEqual(['2026-12-11T18:00', '2026-12-14T18:00']);
    // 0 8 1 * ? *: 08:00 on the first of each month
    expect(nextOf('cron(0 8 1 * ? *)', '2026-12-06T00:00:00Z')).toBe('2027-01-01T08:00:00.000Z');
    // 0/15 * * * ? *: every 15 minutes
    expect(runs('cron(0/15 * * * ? *)', '2026-12-06T10:50:00Z', 2)).toEqual(['2026-12-06T11:00', '2026-12-06T11:15']);
    // 0/5 8-17 ? * MON-FRI *: every 5 minutes from 08:00 to 17:55 on weekdays
    expect(runs('cron(0/5 8-17 ? * MON-FRI *)', '2026-12-11T17:50:00Z', 2)).toEqual(['2026-12-11T17:55', '2026-12-14T08:00']);
    // 1/10 in minutes: the 1st, 11th, 21st … minute (the reference's own words)
    expect(runs('cron(1/10 0 * * ? *)', '2026-12-06T00:00:00Z', 3)).toEqual(['2026-12-06T00:01', '2026-12-06T00:11', '2026-12-06T00:21']);
  });

  it('counts days of the week from 1 = SUN, and knows L, W and #', () => {
    // 1 is Sunday: 2026-12-13 is a Sunday
    expect(nextOf('cron(0 0 ? * 1 *)', '2026-12-06T00:00:00Z')).toBe('2026-12-13T00:00:00.000Z');
    // L in day-of-month: the month's last day
    expect(nextOf('cron(0 0 L * ? *)', '2027-02-01T00:00:00Z')).toBe('2027-02-28T00:00:00.000Z');
    // 3#2: the second Tuesday of the month (2027-01-12)
    expect(nextOf('cron(0 9 ? * 3#2 *)', '2026-12-31T00:00:00Z')).toBe('2027-01-12T09:00:00.000Z');
    // 6L: the last Friday of the month (2026-12-25)
    expect(nextOf('cron(0 9 ? * 6L *)', '2026-12-01T00:00:00Z')).toBe('2026-12-25T09:00:00.000Z');
    // 1W: the weekday nearest the 1st without leaving the month (2027-05-01 is a Saturday: Monday the 3rd)
    expect(nextOf('cron(0 9 1W * ? *)', '2027-04-30T00:00:00Z')).toBe('2027-05-03T09:00:00.000Z');
    // lists of months by name, and a year field that ends
    expect(runs('cron(0 0 1 JAN,JUL ? 2027)', '2026-12-06T00:00:00Z', 2)).toEqual(['2027-01-01T00:00', '2027-07-01T00:00']);
    expect(nextOf('cron(0 0 1 JAN ? 2027)', '2027-01-02T00:00:00Z')).toBeUndefined();
  });

  it('refuses what EventBridge refuses: five fields, both day fields given or both ?, values out of range, two # expressions', () => {
    expect(() => parseCron('cron(0 10 * * *)')).toThrow(/six fields/);
    expect(() => parseCron('cron(0 10 * * 1 *)')).toThrow(/exactly one of day-of-month and day-of-week/);
    expect(() => parseCron('cron(0 10 ? * ? *)')).toThrow(/exactly one/);
    expect(() => parseCron('cron(60 10 * * ? *)')).toThrow(/minutes value 60/);
    expect(() => parseCron('cron(0 10 ? * 0 *)')).toThrow(/day-of-week value 0/);
    expect(() => parseCron('cron(0 10 ? * 3#1,6#3 *)')).toThrow(/one expression/);
  });
});
