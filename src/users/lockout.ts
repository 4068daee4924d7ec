/**
 * Login lock-out policy, pure: 5 wrong passwords for a username within 15 minutes lock it for
 * 15 minutes. Times are epoch seconds.
 */
export const lockoutPolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 } as const;

export interface LockoutState {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

/** Seconds the username stays locked (0 when it is not locked). */
export const lockedFor = (state: LockoutState | undefined, now: number): number =>
  state && state.lockedUntil > now ? state.lockedUntil - now : 0;

export const recordFailure = (state: LockoutState | undefined, now: number): LockoutState => {
  const windowOpen = state !== undefined && now - state.windowStart < lockoutPolicy.windowSeconds;
  const failures = windowOpen ? state.failures + 1 : 1;
  const windowStart = windowOpen ? state.windowStart : now;
  const lockedUntil =
    failures >= lockoutPolicy.maxFailures ? now + lockoutPolicy.lockSeconds : (state?.lockedUntil ?? 0);
  // A lock starts a fresh window once it ends, so the count restarts at the lock.
  return failures >= lockoutPolicy.maxFailures ? { failures: 0, windowStart: now, lockedUntil } : { failures, windowStart, lockedUntil };
};

/** When the stored state may be forgotten (the TTL attribute). */
export const forgetAt = (state: LockoutState): number =>
  Math.max(state.lockedUntil, state.windowStart + lockoutPolicy.windowSeconds) + 60;
