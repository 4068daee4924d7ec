import { describe, expect, it } from 'vitest';
import { lockedFor, lockoutPolicy, recordFailure, type LockoutState } from '../../src/users/lockout';

const failTimes = (times: number[]): LockoutState | undefined =>
  times.reduce<LockoutState | undefined>((state, t) => recordFailure(state, t), undefined);

describe('lock-out policy', () => {
  it('locks for 15 minutes on the 5th failure within 15 minutes', () => {
    const state = failTimes([0, 60, 120, 180, 240]);

    expect(lockedFor(state, 240)).toBe(lockoutPolicy.lockSeconds);
    expect(lockedFor(state, 240 + 15 * 60 - 1)).toBe(1);
    expect(lockedFor(state, 240 + 15 * 60)).toBe(0);
  });

  it('does not lock when the failures are spread beyond the window', () => {
    const state = failTimes([0, 60, 120, 180, 15 * 60 + 1]);

    expect(lockedFor(state, 15 * 60 + 1)).toBe(0);
    expect(state?.failures).toBe(1);
  });

  it('starts counting afresh after a lock ends', () => {
    const locked = failTimes([0, 1, 2, 3, 4]);
    const after = recordFailure(locked, 4 + 15 * 60);

    expect(lockedFor(after, 4 + 15 * 60)).toBe(0);
    expect(after.failures).toBe(1);
  });
});
