import { epochSeconds } from '../core/data/client';
import { NotFoundError } from '../core/errors';
import { ensureTimeFor } from '../core/http/deadline';
import { logger } from '../core/http/logger';
import { sendMail } from '../core/mail/send-mail';
import { hashPassword } from '../core/security/passwords';
import { hashToken, newToken } from '../core/security/tokens';
import { accountMail } from './account-mail';
import { consoleLink } from './console-links';
import { clearLockout } from './data/login-attempts';
import { consumeUserLink, getUserLink, putUserLink } from './data/user-links';
import { getUser, getUserByEmail, passwordWrite } from './data/users';
import type { MailLanguage } from './mail-language';
import { mailLimits, spendMailAllowance } from './mail-limits';
import { revokeSessions } from './sessions';

/** Forgot password → a mailed one-time link (30 minutes) → a new password, every session signed out. */
export const resetLifetimeSeconds = 30 * 60;

/** Every answer takes at least this long, so its timing does not tell known addresses from unknown. */
export const forgotAnswerFloorMs = 600;

/** Same answer, and the same time, whether or not the address belongs to a user. */
export const forgotPassword = async (email: string, client: string, language: MailLanguage): Promise<void> => {
  const answerAt = Date.now() + forgotAnswerFloorMs;
  try {
    await spendMailAllowance(mailLimits.forgotPerClient, client, mailLimits.forgotPerAddress, email);
    const user = await getUserByEmail(email);
    if (!user) {
      logger.info('reset link not sent', { reason: 'unknown address' });
      return;
    }
    const token = newToken();
    await putUserLink({ tokenHash: hashToken(token), purpose: 'reset', userId: user.id, expiresAt: epochSeconds() + resetLifetimeSeconds, data: {} });
    await sendMail(accountMail('reset', language, user.email, { username: user.username, link: consoleLink('/reset', token) }));
  } finally {
    const wait = answerAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
};

const gone = () => new NotFoundError('token: the link is unknown, already used or expired: ask for a new one with "forgot password"');

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
