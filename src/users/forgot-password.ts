import { epochSeconds } from '../core/data/client';
import { logger } from '../core/http/logger';
import { sendMail } from '../core/mail/send-mail';
import { hashToken, newToken } from '../core/security/tokens';
import { resetMail } from './reset-mail';
import { consoleLink } from './console-links';
import { putUserLink } from './data/user-links';
import { getUserByEmail } from './data/users';
import type { MailLanguage } from './mail-language';
import { mailLimits, spendMailAllowance } from './mail-limits';

/** Forgot password → a mailed one-time link (30 minutes); following it is ./password-reset.ts. */
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
    await sendMail(resetMail(language, user.email, { username: user.username, link: consoleLink('/reset', token) }));
  } finally {
    const wait = answerAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
};

