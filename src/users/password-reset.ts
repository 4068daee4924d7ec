import { NotFoundError } from '../core/errors';
import { ensureTimeFor } from '../core/http/deadline';
import { hashPassword } from '../core/security/passwords';
import { hashToken } from '../core/security/tokens';
import { clearLockout } from './data/login-attempts';
import { consumeUserLink, getUserLink } from './data/user-links';
import { getUser, passwordWrite } from './data/users';
import { revokeSessions } from './sessions';
import './rule-texts';

/** Following the mailed reset link (./forgot-password.ts mails it): a new password, every session signed out. */

const gone = () => new NotFoundError('token: the link is unknown, already used or expired: ask for a new one with "forgot password"', { field: 'token', rule: 'link.resetGone' });

/**
 * Spends the link and sets the password in one transaction (a second use finds nothing), then ends
 * every session: whoever knew the old password is out. The mailed link proves the address, so an
 * unverified user is verified by it, and a lock-out from guessing the old password ends.
 */
export const resetPassword = async (token: string, password: string, now = Date.now()): Promise<{ username: string }> => {
  const link = await getUserLink(hashToken(token), 'reset', now);
  if (!link) throw gone();
  const user = await getUser(link.userId);
  if (!user) throw gone();
  const passwordHash = await hashPassword(password);
  ensureTimeFor(5_000, 'reset the password');
  if (!(await consumeUserLink(link, [passwordWrite(user.id, passwordHash, { verify: new Date(now).toISOString() })], now))) throw gone();
  await revokeSessions(user.id, '', true);
  await clearLockout(user.username);
  return { username: user.username };
};
