import type { Output } from './contract';

/**
 * The rules of a send the 发表 dialog checks before the API does, pure (no DOM, no i18n): Beijing
 * wall-clock times, the schedule's window, the night of API群发保护, the limits counted from our
 * own history.
 */
type Send = Output<'content.listSends'>['sends'][number];

// ---- Beijing time: the console enters and shows send times in Asia/Shanghai (UTC+8, no DST) ----

const shanghaiOffsetMs = 8 * 3600_000;
/** `YYYY-MM-DDTHH:mm` as a Beijing wall clock reads at `date`. */
export const shanghaiLocal = (date: Date): string => new Date(date.getTime() + shanghaiOffsetMs).toISOString().slice(0, 16);
/** A datetime-local value read as Beijing time, as the API takes it (ISO 8601 with +08:00). */
export const sendAtOf = (local: string): string => `${local}:00+08:00`;
export const minLeadMs = 5 * 60_000;
export const maxLeadMs = 30 * 24 * 3600_000;

/** Why a Beijing wall-clock time cannot be a send time (the API's rule: 5 minutes to 30 days ahead), or undefined. */
export const sendAtProblem = (local: string, now = Date.now()): 'format' | 'tooSoon' | 'tooLate' | undefined => {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(local)) return 'format';
  const at = Date.parse(sendAtOf(local));
  if (Number.isNaN(at)) return 'format';
  if (at < now + minLeadMs) return 'tooSoon';
  if (at > now + maxLeadMs) return 'tooLate';
  return undefined;
};

/**
 * API群发保护: a send to all followers waits up to 30 minutes for an administrator's confirmation in
 * WeChat and fails without it; at night nobody is likely to confirm.
 */
export const isNight = (local: string): boolean => {
  const hour = Number(local.slice(11, 13));
  return hour >= 22 || hour < 8;
};

// ---- Send limits, counted from our history (WeChat tells an API caller none of them beforehand) ----

const counted = (send: Send) => send.kind === 'mass' && send.status !== 'failed' && send.status !== 'cancelled';
const when = (send: Send) => send.sendAt ?? send.createdAt;

export interface SendLimits {
  /** Mass sends on the chosen Beijing day (a subscription account has one a day). */
  sameDay: number;
  /** Sends to all followers in the chosen Beijing month (a service account has four a month). */
  toAllMonth: number;
}

export const sendLimitsAt = (sends: Send[], at: Date): SendLimits => {
  const local = shanghaiLocal(at);
  const mass = sends.filter(counted);
  return {
    sameDay: mass.filter((s) => shanghaiLocal(new Date(when(s))).slice(0, 10) === local.slice(0, 10)).length,
    toAllMonth: mass.filter((s) => s.target && 'toAll' in s.target && shanghaiLocal(new Date(when(s))).slice(0, 7) === local.slice(0, 7)).length,
  };
};

