/**
 * Days as WeChat's statistics count them: calendar days in Asia/Shanghai (UTC+8, no daylight
 * saving), written `YYYY-MM-DD`. Pure date arithmetic on those strings, so no time-zone database
 * is loaded into a Lambda.
 */
const shanghaiOffsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;

export const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** The Shanghai day of an instant (epoch milliseconds). */
export const shanghaiDay = (epochMs: number): string => new Date(epochMs + shanghaiOffsetMs).toISOString().slice(0, 10);

/** Minutes since Shanghai midnight of an instant. */
export const shanghaiMinuteOfDay = (epochMs: number): number => Math.floor(((epochMs + shanghaiOffsetMs) % dayMs) / 60_000);

const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

export const isRealDay = (day: string): boolean => dayPattern.test(day) && !Number.isNaN(toMs(day)) && new Date(toMs(day)).toISOString().startsWith(day);

export const addDays = (day: string, days: number): string => new Date(toMs(day) + days * dayMs).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included (1 for the same day; 0 or less when `to` is before). */
export const spanDays = (from: string, to: string): number => Math.round((toMs(to) - toMs(from)) / dayMs) + 1;

export const daysFrom = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
};
