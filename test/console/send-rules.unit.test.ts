import { describe, expect, it } from 'vitest';
import { isNight, sendAtOf, sendAtProblem, sendLimitsAt, shanghaiLocal } from '../../console/src/send-rules';

/**
 * What the 发表 dialog checks before the API (console/src/send-rules.ts): times entered as Beijing
 * time, the schedule's window of 5 minutes to 30 days (the API's own rule, src/content/inputs.ts and
 * test/content/scheduled.test.ts), the night note of API群发保护, and the limits counted from our history.
 */
type Send = Parameters<typeof sendLimitsAt>[0][number];
const send = (over: Partial<Send>): Send =>
  ({ sendId: 's', appid: 'wx', kind: 'mass', status: 'sent', message: { type: 'mpnews' }, createdAt: '2026-12-06T02:00:00.000Z', updatedAt: '2026-12-06T02:00:00.000Z', by: { userId: 'u', username: 'a' }, target: { toAll: true }, ...over }) as Send;

describe('send rules', () => {
  it('reads and writes a Beijing wall clock whatever the computer\'s zone (UTC+8)', () => {
    expect(shanghaiLocal(new Date('2026-12-06T16:30:00Z'))).toBe('2026-12-07T00:30');
    expect(new Date(sendAtOf('2026-12-07T00:30')).toISOString()).toBe('2026-12-06T16:30:00.000Z');
  });

  it('takes a time 5 minutes to 30 days ahead, and names which end a time misses', () => {
    const now = Date.parse('2026-12-06T04:00:00Z'); // 12:00 in Beijing
    expect(sendAtProblem('2026-12-06T12:04', now)).toBe('tooSoon');
    expect(sendAtProblem('2026-12-06T12:05', now)).toBeUndefined();
    expect(sendAtProblem('2027-01-05T12:00', now)).toBeUndefined();
    expect(sendAtProblem('2027-01-05T12:01', now)).toBe('tooLate');
    expect(sendAtProblem('2026-12-06', now)).toBe('format');
  });

  it('calls 22:00 to 08:00 Beijing time night, when nobody may confirm a protected send to all', () => {
    expect(['2026-12-06T22:00', '2026-12-07T03:30', '2026-12-07T07:59'].map(isNight)).toEqual([true, true, true]);
    expect(['2026-12-06T08:00', '2026-12-06T21:59'].map(isNight)).toEqual([false, false]);
  });

  it('counts the mass sends of the chosen Beijing day and the sends to all of its month; failed, cancelled and published ones do not count', () => {
    const sends = [
      send({ createdAt: '2026-12-06T02:00:00.000Z' }), // 6 Dec, 10:00 Beijing, to all
      send({ createdAt: '2026-12-05T17:00:00.000Z', target: { tagId: 100 } }), // 6 Dec, 01:00 Beijing, to a tag
      send({ createdAt: '2026-12-01T02:00:00.000Z', status: 'failed' }),
      send({ createdAt: '2026-12-02T02:00:00.000Z', status: 'cancelled', sendAt: '2026-12-06T03:00:00.000Z' }),
      send({ createdAt: '2026-12-03T02:00:00.000Z', kind: 'publish', target: undefined }),
      send({ createdAt: '2026-12-01T02:00:00.000Z', status: 'scheduled', sendAt: '2026-12-20T12:00:00.000Z' }), // 20 Dec, to all
      send({ createdAt: '2026-11-30T02:00:00.000Z' }), // November
    ];
    expect(sendLimitsAt(sends, new Date('2026-12-06T10:00:00Z'))).toEqual({ sameDay: 2, toAllMonth: 2 });
    expect(sendLimitsAt(sends, new Date('2026-12-05T15:59:00Z'))).toEqual({ sameDay: 0, toAllMonth: 2 });
  });
});
