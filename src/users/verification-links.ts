import { consoleLink } from './console-links';
import { epochSeconds } from '../core/data/client';
import { hit, type RateLimit } from './data/rate-limits';
import { getUserByEmail, type User } from './data/users';
import { putVerificationToken } from './data/verification-tokens';
import { TooManyAttemptsError } from '../core/errors';
import { logger } from '../core/http/logger';
import { sendMail } from '../core/mail/send-mail';
import { verificationMail } from './verification-mail';
import type { MailLanguage } from './mail-language';
import { hashToken, newToken } from '../core/security/tokens';

/** Mailing verification links (registration and resend); following one is ./verify-email.ts. */
export const verificationLifetimeSeconds = 24 * 3600;

export const sendVerification = async (user: User, language: MailLanguage = 'zh-CN'): Promise<void> => {
  const token = newToken();
  await putVerificationToken(hashToken(token), user.id, epochSeconds() + verificationLifetimeSeconds);
  // A console page follows the link and says what happened: the browser never lands on the API's JSON.
  const link = consoleLink('/verify', token);
  await sendMail(verificationMail(user.email, user.username, link, language));
};

/** Links mailed on request: per address and per client, so the endpoint cannot be turned into a mailer. */
export const resendLimits = {
  perAddress: { name: 'resend-address', limit: 3, windowSeconds: 3600 },
  perClient: { name: 'resend-client', limit: 10, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimit>;

/**
 * Mails registrations send to one address an hour (a link or a notice): registering many names with
 * someone's address cannot flood their inbox.
 */
export const registrationMailLimit = { name: 'register-address', limit: 5, windowSeconds: 3600 } as const satisfies RateLimit;

/** Every answer takes at least this long, so its timing does not tell known addresses from unknown. */
export const resendAnswerFloorMs = 600;

/**
 * Same answer, and the same time, whether or not the address exists, so the endpoint reveals no
 * accounts; limited per client and per address (counted for unknown addresses too). A new link
 * replaces the previous one.
 */
export const resendVerification = async (email: string, client: string, language: MailLanguage = 'zh-CN'): Promise<void> => {
  const answerAt = Date.now() + resendAnswerFloorMs;
  try {
    const now = epochSeconds();
    const waitClient = await hit(resendLimits.perClient, client, now);
    if (waitClient > 0) throw new TooManyAttemptsError(`too many verification mails asked for: try again in ${waitClient} seconds`, waitClient);
    const waitAddress = await hit(resendLimits.perAddress, email.toLowerCase(), now);
    if (waitAddress > 0) throw new TooManyAttemptsError(`too many verification mails for this address: try again in ${waitAddress} seconds`, waitAddress);
    const user = await getUserByEmail(email);
    if (user && !user.verified) await sendVerification(user, language);
    else logger.info('verification not resent', { reason: user ? 'already verified' : 'unknown address' });
  } finally {
    const wait = answerAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
};
