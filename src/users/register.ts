import { randomUUID } from 'node:crypto';
import { cancellationReasons, epochSeconds } from '../core/data/client';
import { acceptFailure, acceptInvitationWrites, getInvitation, InvitationGoneError, type Invitation } from '../core/data/invitations';
import { newOrganizationWrites } from '../core/data/organizations';
import { ForbiddenError, ValidationError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import { hit } from './data/rate-limits';
import { createUser, EmailTakenError, getUser, getUserByEmail, getUserByUsername, holderOf, UsernameTakenError, withdrawNewUser, type MarkerClaim, type User } from './data/users';
import { verificationKey } from './data/verification-tokens';
import { isLapsed, markerKeysOf, removalWrites } from './data/stale-registrations';
import { ensureTimeFor } from '../core/http/deadline';
import { hashPassword, verifyPassword } from '../core/security/passwords';
import { sendMail } from '../core/mail/send-mail';
import { logger } from '../core/http/logger';
import { addressInUseMail } from './address-in-use-mail';
import { registrationMailLimit, sendVerification } from './verification-links';
import type { MailLanguage } from './mail-language';
import './rule-texts';

/**
 * Creates the user (and their own organization, of which they are the owner) and mails the address.
 *
 * - Usernames are unique by their lookalike key (./username-key.ts) as well as by their exact
 *   lower-case form.
 * - An unverified registration holds its username and address for 24 hours only: a later one takes
 *   them, and the lapsed one is removed in the same transaction.
 * - An address already held answers exactly like a new one (no 40900 that tells which addresses
 *   exist): the registration is made without holding the address, and the address gets a mail —
 *   a notice when a verified account has it (nobody can take it), else a verification link, since
 *   whoever proves the address first gets it (./verify-email.ts).
 * - Safe to repeat: the same username, e-mail and password again (the first answer lost to a
 *   timeout) answers as the first one did instead of 40900.
 */
export const register = async (
  input: { username: string; password: string; email: string; invitation?: string | undefined },
  language: MailLanguage = 'zh-CN',
  now = Date.now(),
): Promise<User> => {
  // Through an invitation: the link came to this address, which proves it (no verification mail),
  // and the invitee joins the inviting organization in the same transaction.
  const invitation = input.invitation ? await getInvitation(hashToken(input.invitation)) : undefined;
  if (input.invitation && !invitation) throw new InvitationGoneError();
  if (invitation && invitation.email !== input.email.toLowerCase()) {
    throw new ForbiddenError('invitation: was sent to another e-mail address: register with the address it was sent to', { field: 'invitation', rule: 'invitation.otherAddress' });
  }
  // scrypt hashes on libuv's thread pool: meanwhile Unicode's confusables table loads (tens of
  // milliseconds on a cold start) and the markers are read, so neither adds to the answer's time.
  const hashing = hashPassword(input.password);
  const { usernameKey } = await import('./username-key');
  const createdAt = new Date(now).toISOString();
  const orgId = randomUUID();
  const base: User = {
    id: randomUUID(),
    username: input.username,
    usernameKey: usernameKey(input.username),
    email: input.email,
    passwordHash: '',
    verified: invitation !== undefined,
    createdAt,
    ...(invitation ? { verifiedAt: createdAt } : {}),
    // Invited, they came to work in the inviting organization: requests that name none act there.
    defaultOrgId: invitation?.orgId ?? orgId,
  };
  const firstLook = lookAt(base);
  firstLook.catch(() => undefined); // awaited below; a failure while hashing fails is not unhandled
  base.passwordHash = await hashing;
  // The hash is the slow part; commit only with time left to answer.
  ensureTimeFor(5_000, 'register');
  // Counted whatever happens next, on every path alike, while the transaction runs.
  const mailAllowance = invitation ? undefined : hit(registrationMailLimit, input.email.toLowerCase(), epochSeconds(now));
  mailAllowance?.catch(() => undefined);

  let user: User;
  for (let attempt = 1; ; attempt += 1) {
    try {
      user = await commit(base, orgId, invitation, now, attempt === 1 ? await firstLook : await lookAt(base), language);
      break;
    } catch (thrown) {
      // Someone took a marker between the look and the write: look again (a lapsed holder may have
      // verified, or a racing registration won), then answer by what is there now.
      if (thrown instanceof LostRace && attempt < 3) continue;
      const error = thrown instanceof LostRace ? thrown.cause : thrown;
      const earlier = error instanceof UsernameTakenError ? await sameRegistration(input) : undefined;
      if (!earlier) throw error;
      // The earlier attempt may have failed before its mail: send one, within the address's limit.
      await mailRegistration(earlier, (await mailAllowance) ?? 0, language);
      return earlier;
    }
  }
  if (mailAllowance) {
    const waitSeconds = await mailAllowance;
    try {
      await mailRegistration(user, waitSeconds, language);
    } catch (error) {
      await withdraw(user);
      throw undeliverable(error, user.email) ?? error;
    }
  }
  return user;
};

/** Who holds each of the user's three markers, and their profiles. */
interface Look {
  holderIds: (string | undefined)[];
  holders: Map<string, User | undefined>;
}

const lookAt = async (base: User): Promise<Look> => {
  const holderIds = await Promise.all(markerKeysOf(base).map(holderOf));
  const holders = new Map<string, User | undefined>();
  await Promise.all([...new Set(holderIds.filter((id): id is string => id !== undefined))].map(async (id) => holders.set(id, await getUser(id))));
  return { holderIds, holders };
};

/** A claim the transaction found taken after the look said it was free. */
class LostRace extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** One look at the markers and one transaction: the user, the markers they may take, and the removal of the registrations that lose them. */
const commit = async (base: User, orgId: string, invitation: Invitation | undefined, now: number, { holderIds, holders }: Look, language: MailLanguage): Promise<User> => {
  // base has its usernameKey: three keys, in this order.
  const [nameKey, guardKey, addressKey] = markerKeysOf(base) as [MarkerClaim['key'], MarkerClaim['key'], MarkerClaim['key']];

  const claims: MarkerClaim[] = [];
  /** Losers by id: with `lapsedBy` when their 24 hours are over, without when a proven address beats them. */
  const losers = new Map<string, { user: User; lapsedBy?: number }>();
  const claim = (key: MarkerClaim['key'], type: MarkerClaim['type'], holderId: string | undefined, mayTake: (holder: User) => 'lapsed' | 'beaten' | false): boolean => {
    if (holderId === undefined) return claims.push({ key, type }) > 0;
    const holder = holders.get(holderId);
    // A marker left by a user removed without it (an operator's clean-up): free.
    if (!holder) return claims.push({ key, type, replacing: holderId }) > 0;
    const verdict = mayTake(holder);
    if (!verdict) return false;
    claims.push({ key, type, replacing: holderId });
    // Lapsed: removed only if still unverified and old when the transaction runs. Beaten (the address
    // is proven by an invitation): removed if still unverified, whatever its age.
    losers.set(holderId, { user: holder, ...(verdict === 'lapsed' ? { lapsedBy: now } : {}) });
    return true;
  };

  const lapsedOnly = (holder: User) => (isLapsed(holder, now) ? ('lapsed' as const) : false);
  if (!claim(nameKey, 'username', holderIds[0], lapsedOnly)) throw new UsernameTakenError();
  if (!claim(guardKey, 'usernameKey', holderIds[1], lapsedOnly)) throw new UsernameTakenError(true);
  const holdsAddress = claim(addressKey, 'email', holderIds[2], (holder) => {
    if (isLapsed(holder, now)) return 'lapsed';
    // An invitation proves the address: it beats any unverified registration; a verified account keeps it.
    if (invitation && !holder.verified) return 'beaten';
    return false;
  });
  if (!holdsAddress && invitation) throw new EmailTakenError();

  const user: User = { ...base, ...(holdsAddress ? {} : { addressInUse: true }) };
  // The member's mails (approvals) speak the language the registration was made in.
  const member = { userId: user.id, username: user.username, email: user.email, language };
  const org = { orgId, name: user.username, createdAt: user.createdAt, createdBy: user.id };
  const taken = claims.map((c) => c.key);
  const removals = (await Promise.all([...losers.values()].map((l) => removalWrites(l.user, taken, l.lapsedBy)))).flat();
  const inviteWrites = invitation ? acceptInvitationWrites(invitation, member) : [];
  // Every user owns an organization of their own from the start, written with the user.
  await createUser(user, claims, [...inviteWrites, ...newOrganizationWrites(org, member), ...removals]).catch((error: unknown) => {
    // The invitation's writes come right after the profile and the claims.
    const failure = (invitation ? acceptFailure(error, 1 + claims.length) : undefined) ?? error;
    if (failure instanceof UsernameTakenError || failure instanceof EmailTakenError) throw new LostRace(failure);
    // A loser verified (or was removed) meanwhile: its removal's condition failed; look again.
    if (failure === error && cancellationReasons(error) && losers.size > 0) throw new LostRace(new UsernameTakenError());
    throw failure;
  });
  if (losers.size > 0) logger.info('unverified registrations removed', { count: losers.size, by: 'registration' });
  return user;
};

/**
 * The mail a registration sends, within the address's hourly limit. The address gets a link when
 * this registration holds it, or when only an unverified one does (proving the address wins it); a
 * notice (no link) when a verified account has it.
 */
const mailRegistration = async (user: User, waitSeconds: number, language: MailLanguage): Promise<void> => {
  if (waitSeconds > 0) {
    logger.info('registration mail not sent', { reason: 'address limit' });
    return;
  }
  const owner = user.addressInUse ? await getUserByEmail(user.email) : undefined;
  if (owner && owner.id !== user.id && owner.verified) await sendMail(addressInUseMail(owner.email, owner.username));
  else await sendVerification(user, language);
};

/**
 * Nothing half-written: a user whose link never left could not verify, and would hold the username
 * and the address. The registration is taken back whole (user, the markers it holds, its
 * organization, the link's token) before answering, so the same form can be sent again with
 * another address. Unverified registrations it displaced stay removed (they had lapsed or lost).
 */
const withdraw = async (user: User): Promise<void> => {
  const written = await getUser(user.id);
  const markers = markerKeysOf(user).filter((key) => !(user.addressInUse && key.pk.startsWith('EMAIL#')));
  const org = { orgId: user.defaultOrgId!, name: user.username, createdAt: user.createdAt, createdBy: user.id };
  const orgKeys = newOrganizationWrites(org, { userId: user.id, username: user.username, email: user.email }).map((w) => ({ pk: w.Put.Item.pk, sk: w.Put.Item.sk }));
  await withdrawNewUser(user, markers, [...orgKeys, ...(written?.verificationTokenHash ? [verificationKey(written.verificationTokenHash)] : [])]);
};

/**
 * SES refusing the recipient itself: in the sandbox an unverified address answers MessageRejected
 * "Email address is not verified. The following identities failed the check in region …: <address>"
 * (https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html). Named as the user's
 * input (40000, the field and the address). A refusal that names another identity (our sender not
 * verified) is the operator's to fix: it stays an internal error.
 */
const undeliverable = (error: unknown, email: string): ValidationError | undefined => {
  const { name, message } = error as { name?: string; message?: string };
  if (name !== 'MessageRejected' || !message?.toLowerCase().includes(email.toLowerCase())) return undefined;
  return new ValidationError(`email: the verification mail to ${email} was refused by the mail service (${message}): nothing was registered, use another address`, {
    cause: error,
    problem: { field: 'email', rule: 'email.undeliverable', given: email },
  });
};

/** The unverified user an identical earlier registration created, if that is what exists. */
const sameRegistration = async (input: { username: string; password: string; email: string }): Promise<User | undefined> => {
  const existing = await getUserByUsername(input.username);
  if (!existing || existing.verified || existing.username !== input.username) return undefined;
  if (existing.email.toLowerCase() !== input.email.toLowerCase()) return undefined;
  return (await verifyPassword(input.password, existing.passwordHash)) ? existing : undefined;
};
