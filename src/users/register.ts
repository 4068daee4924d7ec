import { randomUUID } from 'node:crypto';
import { epochSeconds } from '../core/data/client';
import { acceptFailure, acceptInvitationWrites, getInvitation, InvitationGoneError } from '../core/data/invitations';
import { newOrganizationWrites } from '../core/data/organizations';
import { ForbiddenError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import { hit } from './data/rate-limits';
import { createUser, getUserByUsername, UsernameTakenError, type User } from './data/users';
import { ensureTimeFor } from '../core/http/deadline';
import { hashPassword, verifyPassword } from '../core/security/passwords';
import { resendLimits, sendVerification } from './verification-links';
import type { MailLanguage } from './mail-language';

/**
 * Creates the user (and their own organization, of which they are the owner) and mails the link. Safe to repeat: a retry with the same username, e-mail and
 * password (the first answer lost to a timeout or a busy server) answers as the first one did
 * instead of 40900, so a client never has to guess whether its registration happened.
 */
export const register = async (input: { username: string; password: string; email: string; invitation?: string | undefined }, language: MailLanguage = 'zh-CN'): Promise<User> => {
  // Through an invitation: the link came to this address, which proves it (no verification mail),
  // and the invitee joins the inviting organization in the same transaction.
  const invitation = input.invitation ? await getInvitation(hashToken(input.invitation)) : undefined;
  if (input.invitation && !invitation) throw new InvitationGoneError();
  if (invitation && invitation.email !== input.email.toLowerCase()) {
    throw new ForbiddenError('invitation: was sent to another e-mail address: register with the address it was sent to');
  }
  const passwordHash = await hashPassword(input.password);
  // The hash is the slow part; commit only with time left to answer.
  ensureTimeFor(5_000, 'register');
  const createdAt = new Date().toISOString();
  const orgId = randomUUID();
  const user: User = {
    id: randomUUID(),
    username: input.username,
    email: input.email,
    passwordHash,
    verified: invitation !== undefined,
    createdAt,
    ...(invitation ? { verifiedAt: createdAt } : {}),
    // Invited, they came to work in the inviting organization: requests that name none act there.
    defaultOrgId: invitation?.orgId ?? orgId,
  };
  try {
    // Every user owns an organization of their own from the start, written with the user.
    const org = { orgId, name: input.username, createdAt, createdBy: user.id };
    const member = { userId: user.id, username: user.username, email: user.email };
    await createUser(user, [...newOrganizationWrites(org, member), ...(invitation ? acceptInvitationWrites(invitation, member) : [])]).catch((error: unknown) => {
      // The user's three writes, the organization's two, then the invitation's.
      throw (invitation ? acceptFailure(error, 5) : undefined) ?? error;
    });
  } catch (error) {
    const earlier = error instanceof UsernameTakenError ? await sameRegistration(input) : undefined;
    if (!earlier) throw error;
    // The earlier attempt may have failed before its mail: send one, within the address's limit.
    if ((await hit(resendLimits.perAddress, earlier.email.toLowerCase(), epochSeconds())) === 0) await sendVerification(earlier, language);
    return earlier;
  }
  if (!invitation) await sendVerification(user, language);
  return user;
};

/** The unverified user an identical earlier registration created, if that is what exists. */
const sameRegistration = async (input: { username: string; password: string; email: string }): Promise<User | undefined> => {
  const existing = await getUserByUsername(input.username);
  if (!existing || existing.verified || existing.username !== input.username) return undefined;
  if (existing.email.toLowerCase() !== input.email.toLowerCase()) return undefined;
  return (await verifyPassword(input.password, existing.passwordHash)) ? existing : undefined;
};
