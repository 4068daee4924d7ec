import { epochSeconds } from '../core/data/client';
import { claimAttempt, clearLockout, lockUntil } from './data/login-attempts';
import { putSession } from '../core/data/sessions';
import { getUserByUsername, type User } from './data/users';
import { BadCredentialsError, EmailNotVerifiedError, TooManyAttemptsError } from '../core/errors';
import { ensureTimeFor } from '../core/http/deadline';
import { decoyPasswordHash, verifyPassword } from '../core/security/passwords';
import { hashToken, newToken } from '../core/security/tokens';
import { lockoutPolicy } from './lockout';

export const sessionLifetimeSeconds = 7 * 24 * 3600;

export interface LoginResult {
  token: string;
  expiresIn: number;
  user: User;
}

/** Who is logging in, as the request says: shown in the user's sessions list. */
export interface LoginClient {
  userAgent?: string;
  ip?: string;
}

export const login = async (username: string, password: string, client: LoginClient = {}, now = Date.now()): Promise<LoginResult> => {
  const seconds = epochSeconds(now);
  // Counted before the password is checked: parallel guesses cannot outrun the lock.
  const claim = await claimAttempt(username, seconds);
  if ('lockedFor' in claim) throw lockedOut(claim.lockedFor);
  // Beyond the window's allowance: refused unseen. Only a confirmed 5th failure locks, so the owner's
  // own burst of parallel logins is turned away for a second, not locked out.
  if (claim.attempt > lockoutPolicy.maxFailures) {
    throw new TooManyAttemptsError('too many login attempts at once: try again in 1 second', 1);
  }

  const user = await getUserByUsername(username);
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !passwordOk) {
    if (claim.attempt === lockoutPolicy.maxFailures) await lockUntil(username, seconds, seconds + lockoutPolicy.lockSeconds);
    throw new BadCredentialsError();
  }
  await clearLockout(username);
  if (!user.verified) throw new EmailNotVerifiedError();
  // No session is written that the answer could not deliver.
  ensureTimeFor(5_000, 'log in');

  const token = newToken();
  await putSession({
    tokenHash: hashToken(token),
    userId: user.id,
    username: user.username,
    createdAt: new Date(now).toISOString(),
    expiresAt: seconds + sessionLifetimeSeconds,
    ...(client.userAgent ? { userAgent: client.userAgent } : {}),
    ...(client.ip ? { ip: client.ip } : {}),
    ...(user.defaultOrgId ? { orgId: user.defaultOrgId } : {}),
  });
  return { token, expiresIn: sessionLifetimeSeconds, user };
};

const lockedOut = (seconds: number) => new TooManyAttemptsError(`too many failed logins: try again in ${seconds} seconds`, seconds);
