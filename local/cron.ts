/**
 * EventBridge's cron expressions, for the local scheduler (local/scheduler.ts): six fields
 * `minutes hours day-of-month month day-of-week year`, in UTC as EventBridge rules are, with the
 * wildcards of AWS's reference (docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html):
 * `, - * /` everywhere, `?` in one of the two day fields, `L` and `W` in day-of-month, `L` and `#` in
 * day-of-week (1 = SUN … 7 = SAT). No package in node_modules parses this dialect (the common cron
 * libraries read 5-field Unix cron, 0 = Sunday, no `?`/`#`/`W`), so it is small and pure here.
 */

type DayRule = (date: Date) => boolean;

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const fields = {
  minute: { name: 'minutes', min: 0, max: 59 },
  hour: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  year: { name: 'year', min: 1970, max: 2199 },
} as const satisfies Record<string, Field>;

const fail = (expression: string, why: string): never => {
  throw new Error(`invalid cron expression ${expression}: ${why}`);
};

const valueOf = (text: string, field: Field, expression: string): number => {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= field.min && value <= field.max)) fail(expression, `${field.name} value ${text} is not in ${field.min}-${field.max}`);
  return value;
};

/** The values a list of `*`, `n`, `a-b`, `a/s`, `*\/s`, `a-b/s` parts names (a range past the end wraps, as Quartz's). */
const valuesOf = (text: string, field: Field, expression: string): Set<number> => {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') fail(expression, `${field.name} part ${part}`);
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) && Number(stepText) > 0 ? Number(stepText) : fail(expression, `${field.name} step ${stepText}`);
    let start: number;
    let end: number;
    if (range === '*') [start, end] = [field.min, field.max];
    else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      [start, end] = [valueOf(a!, field, expression), valueOf(b!, field, expression)];
    } else {
      start = valueOf(range!, field, expression);
      // `5/15` runs from 5 to the field's end; a lone value is itself.
      end = stepText === undefined ? start : field.max;
    }
    const span = field.max - field.min + 1;
    const length = end >= start ? end - start : end + span - start;
    for (let offset = 0; offset <= length; offset += step) values.add(((start - field.min + offset) % span) + field.min);
  }
  return values;
};

const daysInMonth = (date: Date): number => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();

/** The weekday (Mon–Fri) nearest to day `n` of the date's month, without leaving the month (`nW`). */
const nearestWeekday = (date: Date, n: number): number => {
  const last = daysInMonth(date);
  const day = Math.min(n, last);
  const weekday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), day)).getUTCDay();
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
};

const dayOfMonthRule = (text: string, expression: string): DayRule => {
  if (text === 'L') return (d) => d.getUTCDate() === daysInMonth(d);
  if (text === 'LW') return (d) => d.getUTCDate() === nearestWeekday(d, daysInMonth(d));
  const weekday = text.match(/^(\d+)W$/);
  if (weekday) {
    const n = valueOf(weekday[1]!, fields.dayOfMonth, expression);
    return (d) => d.getUTCDate() === nearestWeekday(d, n);
  }
  const days = valuesOf(text, fields.dayOfMonth, expression);
  return (d) => days.has(d.getUTCDate());
};

const dayOfWeekRule = (text: string, expression: string): DayRule => {
  // EventBridge counts 1 = Sunday; JavaScript's getUTCDay 0 = Sunday.
  const weekdayOf = (d: Date) => d.getUTCDay() + 1;
  if (text === 'L') return (d) => weekdayOf(d) === 7;
  const last = text.match(/^(\w+)L$/);
  if (last) {
    const wd = valueOf(last[1]!, fields.dayOfWeek, expression);
    return (d) => weekdayOf(d) === wd && d.getUTCDate() + 7 > daysInMonth(d);
  }
  const nth = text.match(/^(\w+)#([1-5])$/);
  if (nth) {
    const wd = valueOf(nth[1]!, fields.dayOfWeek, expression);
    const k = Number(nth[2]);
    return (d) => weekdayOf(d) === wd && Math.ceil(d.getUTCDate() / 7) === k;
  }
  if (text.includes('#')) fail(expression, 'day-of-week # takes one expression (3#1,6#3 is two)');
  const days = valuesOf(text, fields.dayOfWeek, expression);
  return (d) => days.has(weekdayOf(d));
};

export interface CronSchedule {
  /** Whether the schedule fires in the (UTC) minute of `date`. */
  matches(date: Date): boolean;
  /** The first minute strictly after `after` the schedule fires in, or undefined when there is none left (past its years). */
  next(after: Date): Date | undefined;
}

/** Parses `cron(...)` (or its six fields); throws on what EventBridge refuses. */
export const parseCron = (expression: string): CronSchedule => {
  const inner = expression.match(/^cron\((.*)\)$/)?.[1] ?? expression;
  const parts = inner.trim().split(/\s+/);
  if (parts.length !== 6) fail(expression, `six fields are required, ${parts.length} given`);
  const [minuteText, hourText, domText, monthText, dowText, yearText] = parts as [string, string, string, string, string, string];
  // One of the two day fields is `?`, never both and never neither (the reference's "Limits").
  if ((domText === '?') === (dowText === '?')) fail(expression, 'exactly one of day-of-month and day-of-week must be ?');
  const minutes = valuesOf(minuteText, fields.minute, expression);
  const hours = valuesOf(hourText, fields.hour, expression);
  const months = valuesOf(monthText, fields.month, expression);
  const years = valuesOf(yearText, fields.year, expression);
  const dayRule = domText === '?' ? dayOfWeekRule(dowText, expression) : dayOfMonthRule(domText, expression);
  const dayMatches = (d: Date) => years.has(d.getUTCFullYear()) && months.has(d.getUTCMonth() + 1) && dayRule(d);
  const lastYear = Math.max(...years);
  return {
    matches: (d) => dayMatches(d) && hours.has(d.getUTCHours()) && minutes.has(d.getUTCMinutes()),
    next: (after) => {
      // Day by day, then hour by hour, then minute by minute within a matching day: a few thousand steps at most.
      const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
      while (t.getUTCFullYear() <= lastYear) {
        if (!dayMatches(t)) {
          t.setUTCHours(24, 0, 0, 0);
          continue;
        }
        if (!hours.has(t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
          continue;
        }
        if (minutes.has(t.getUTCMinutes())) return t;
        t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      }
      return undefined;
    },
  };
};
