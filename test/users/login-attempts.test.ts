import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimAttempt, clearLockout, lockUntil, type AttemptClaim } from '../../src/users/data/login-attempts';
import { lockoutPolicy } from '../../src/users/lockout';

/**
 * The lock-out's clock, on the store that counts it (DynamoDB Local, explicit times in epoch
 * seconds): what login does on a failure — count first, lock on the 5th within the window — with
 * windows and locks that run out, which the HTTP tests cannot wait for.
 */
const aUsername = () => `lock_${randomBytes(6).toString('hex')}`;
const { maxFailures, windowSeconds, lockSeconds } = lockoutPolicy;

/** A failed login at `now`, as src/users/service.ts handles it. */
const fail = async (username: string, now: number): Promise<AttemptClaim> => {
  const claim = await claimAttempt(username, now);
  if ('attempt' in claim && claim.attempt === maxFailures) await lockUntil(username, now, now + lockSeconds);
  return claim;
};

describe('lock-out window and lock on the attempt store', () => {
  it('locks for 15 minutes on the 5th failure within 15 minutes, then counts afresh', async () => {
    const username = aUsername();
    for (const t of [0, 60, 120, 180]) await fail(username, 1_000_000 + t);
    const fifth = await fail(username, 1_000_240);

    const during = await claimAttempt(username, 1_000_240 + 1);
    const lastSecond = await claimAttempt(username, 1_000_240 + lockSeconds - 1);
    const after = await claimAttempt(username, 1_000_240 + lockSeconds);

    expect(fifth).toEqual({ attempt: maxFailures });
    expect(during).toEqual({ lockedFor: lockSeconds - 1 });
    expect(lastSecond).toEqual({ lockedFor: 1 });
    expect(after).toEqual({ attempt: 1 });
  });

  it('does not lock when the failures are spread beyond the window', async () => {
    const username = aUsername();
    for (const t of [0, 60, 120, 180]) await fail(username, 2_000_000 + t);

    const late = await fail(username, 2_000_000 + windowSeconds + 1);

    expect(late).toEqual({ attempt: 1 });
  });

  it('a success clears the count', async () => {
    const username = aUsername();
    for (const t of [0, 1, 2, 3]) await fail(username, 3_000_000 + t);

    await clearLockout(username);
    const next = await claimAttempt(username, 3_000_010);

    expect(next).toEqual({ attempt: 1 });
  });

  it('never shortens a lock already set', async () => {
    const username = aUsername();
    await lockUntil(username, 4_000_000, 4_000_000 + lockSeconds);

    await lockUntil(username, 4_000_001, 4_000_100);
    const claim = await claimAttempt(username, 4_000_200);

    expect(claim).toEqual({ lockedFor: lockSeconds - 200 });
  });
});
