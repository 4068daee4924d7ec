import { epochSeconds } from '../core/data/client';
import { AppError, ErrorCode, TooManyAttemptsError } from '../core/errors';
import { verifyPassword } from '../core/security/passwords';
import { claimAttempt, clearLockout, lockUntil } from './data/login-attempts';
import type { User } from './data/users';
import { lockoutPolicy } from './lockout';

/**
 * The password asked again before a change to the account itself (its password, its e-mail, its
 * deletion). Counted on the login's own lock-out, so a stolen session cannot guess the password
 * here faster than at the login.
 */
export const confirmPassword = async (user: User, password: string, field: string, now = Date.now()): Promise<void> => {
  const seconds = epochSeconds(now);
  const claim = await claimAttempt(user.username, seconds);
  if ('lockedFor' in claim) throw new TooManyAttemptsError(`too many wrong passwords: try again in ${claim.lockedFor} seconds`, claim.lockedFor);
  if (claim.attempt > lockoutPolicy.maxFailures) throw new TooManyAttemptsError('too many attempts at once: try again in 1 second', 1);
  if (!(await verifyPassword(password, user.passwordHash))) {
    if (claim.attempt === lockoutPolicy.maxFailures) await lockUntil(user.username, seconds, seconds + lockoutPolicy.lockSeconds);
    throw new AppError(ErrorCode.badCredentials, 401, `${field}: wrong password`);
  }
  await clearLockout(user.username);
};
