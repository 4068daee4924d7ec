import { epochSeconds } from '../core/data/client';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { sendMail } from '../core/mail/send-mail';
import { hashToken, newToken } from '../core/security/tokens';
import { confirmEmailMail, emailChangedMail } from './email-change-mails';
import { consoleLink } from './console-links';
import { putUserLink } from './data/user-links';
import { getUser, getUserByEmail } from './data/users';
import type { MailLanguage } from './mail-language';
import { mailLimits, spendMailAllowance } from './mail-limits';
import { confirmPassword } from './password-check';
import './rule-texts';

/**
 * Changing the e-mail address: the password asked again; the new address must be proven (a link
 * to it, 24 hours) before it counts; the old address is told at once and gets a link (7 days) that
 * undoes the change and signs every device out, for the owner whose session was stolen.
 */
export const confirmLifetimeSeconds = 24 * 3600;
export const revertLifetimeSeconds = 7 * 24 * 3600;

export const changeEmail = async (
  session: { userId: string },
  password: string,
  email: string,
  client: string,
  language: MailLanguage,
): Promise<void> => {
  const user = await getUser(session.userId);
  if (!user) throw new NotFoundError('user: gone');
  await confirmPassword(user, password, 'password');
  if (email.toLowerCase() === user.email.toLowerCase()) throw new ValidationError('email: is the address you have already', { problem: { field: 'email', rule: 'email.same' } });
  await spendMailAllowance(mailLimits.emailPerClient, client, mailLimits.emailPerAddress, email);
  const holder = await getUserByEmail(email);
  if (holder && holder.id !== user.id) throw new ConflictError('email: already registered', { field: 'email', rule: 'email.taken' });

  const now = epochSeconds();
  const confirmToken = newToken();
  const revertToken = newToken();
  const data = { from: user.email, to: email };
  await putUserLink({ tokenHash: hashToken(confirmToken), purpose: 'email', userId: user.id, expiresAt: now + confirmLifetimeSeconds, data });
  await putUserLink({
    tokenHash: hashToken(revertToken),
    purpose: 'revert',
    userId: user.id,
    expiresAt: now + revertLifetimeSeconds,
    data: { ...data, pending: hashToken(confirmToken) },
  });
  await sendMail(confirmEmailMail(language, email, { username: user.username, email, link: consoleLink('/confirm-email', confirmToken) }));
  await sendMail(emailChangedMail(language, user.email, { username: user.username, email, link: consoleLink('/revert-email', revertToken) }));
};
