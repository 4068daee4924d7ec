import { NotFoundError } from '../core/errors';
import { ensureTimeFor } from '../core/http/deadline';
import { sendMail } from '../core/mail/send-mail';
import { hashPassword } from '../core/security/passwords';
import { passwordChangedMail } from './password-changed-mail';
import { getUser, setPasswordHash } from './data/users';
import type { MailLanguage } from './mail-language';
import { confirmPassword } from './password-check';
import { revokeSessions } from './sessions';

/**
 * A new password for the signed-in user, the old one asked again: every other session ends (the
 * one asking stays), and the address is told, so a change the owner did not make is noticed.
 */
export const changePassword = async (session: { userId: string; tokenHash: string }, oldPassword: string, newPassword: string, language: MailLanguage): Promise<number> => {
  const user = await getUser(session.userId);
  if (!user) throw new NotFoundError('user: gone');
  await confirmPassword(user, oldPassword, 'oldPassword');
  const passwordHash = await hashPassword(newPassword);
  ensureTimeFor(3_000, 'change the password');
  await setPasswordHash(user.id, passwordHash);
  const revoked = await revokeSessions(user.id, session.tokenHash);
  await sendMail(passwordChangedMail(language, user.email, { username: user.username }));
  return revoked;
};
