import { randomUUID } from 'node:crypto';
import { epochSeconds } from '../core/data/client';
import { acceptFailure, acceptInvitationWrites, getInvitation, InvitationGoneError } from '../core/data/invitations';
import { newOrganizationWrites } from '../core/data/organizations';
import { ForbiddenError, ValidationError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import { hit } from './data/rate-limits';
import { createUser, getUser, getUserByUsername, UsernameTakenError, withdrawNewUser, type User } from './data/users';
import { verificationKey } from './data/verification-tokens';
import { ensureTimeFor } from '../core/http/deadline';
import { hashPassword, verifyPassword } from '../core/security/passwords';
import { resendLimits, sendVerification } from './verification-links';

/**
 * Creates the user (and their own organization, of which they are the owner) and mails the link. Safe to repeat: a retry with the same username, e-mail and
 * password (the first answer lost to a timeout or a busy server) answers as the first one did
 * instead of 40900, so a client never has to guess whether its registration happened.
 */
export const register = async (input: { username: string; password: string; email: string; invitation?: string | undefined }): Promise<User> => {
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
  // Every user owns an organization of their own from the start, written with the user.
  const org = { orgId, name: input.username, createdAt, createdBy: user.id };
  const member = { userId: user.id, username: user.username, email: user.email };
  const orgWrites = newOrganizationWrites(org, member);
  try {
    await createUser(user, [...orgWrites, ...(invitation ? acceptInvitationWrites(invitation, member) : [])]).catch((error: unknown) => {
      // The user's three writes, the organization's two, then the invitation's.
      throw (invitation ? acceptFailure(error, 5) : undefined) ?? error;
    });
  } catch (error) {
    const earlier = error instanceof UsernameTakenError ? await sameRegistration(input) : undefined;
    if (!earlier) throw error;
    // The earlier attempt may have failed before its mail: send one, within the address's limit.
    if ((await hit(resendLimits.perAddress, earlier.email.toLowerCase(), epochSeconds())) === 0) await sendVerification(earlier);
    return earlier;
  }
  if (invitation) return user;
  try {
    await sendVerification(user);
  } catch (error) {
    // Nothing half-written: a user whose link never left could not verify, and would hold the
    // username and the address. The registration is taken back whole (user, markers, organization,
    // the link's token) before answering, so the same form can be sent again with another address.
    const written = await getUser(user.id);
    await withdrawNewUser(user, [
      ...orgWrites.map((w) => ({ pk: w.Put.Item.pk, sk: w.Put.Item.sk })),
      ...(written?.verificationTokenHash ? [verificationKey(written.verificationTokenHash)] : []),
    ]);
    throw undeliverable(error, user.email) ?? error;
  }
  return user;
};

/**
 * SES refusing the recipient itself: in the sandbox an unverified address answers MessageRejected
 * "Email address is not verified. The following identities failed the check in region …: <address>"
 * (https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html). Named as the user's
 * input (40000, the field and the address), Chinese first. A refusal that names another identity
 * (our sender not verified) is the operator's to fix: it stays an internal error.
 */
const undeliverable = (error: unknown, email: string): ValidationError | undefined => {
  const { name, message } = error as { name?: string; message?: string };
  if (name !== 'MessageRejected' || !message?.toLowerCase().includes(email.toLowerCase())) return undefined;
  return new ValidationError(
    `email: 无法向 ${email} 发送验证邮件（邮件服务拒收该地址），注册未完成，请换一个邮箱地址再试 / ` +
      `the verification mail to ${email} was refused by the mail service (${message}): nothing was registered, use another address`,
    { cause: error },
  );
};

/** The unverified user an identical earlier registration created, if that is what exists. */
const sameRegistration = async (input: { username: string; password: string; email: string }): Promise<User | undefined> => {
  const existing = await getUserByUsername(input.username);
  if (!existing || existing.verified || existing.username !== input.username) return undefined;
  if (existing.email.toLowerCase() !== input.email.toLowerCase()) return undefined;
  return (await verifyPassword(input.password, existing.passwordHash)) ? existing : undefined;
};
