import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { epochSeconds } from '../data/client';
import { listAccountsOfUser, summarize, type AccountSummary } from '../data/accounts';
import { claimAttempt, clearLockout, lockUntil } from '../data/login-attempts';
import { deleteSession, putSession } from '../data/sessions';
import { hit, type RateLimit } from '../data/rate-limits';
import { createUser, getUser, getUserByEmail, getUserByUsername, UsernameTakenError, type User } from '../data/users';
import { consumeVerificationToken, putVerificationToken } from '../data/verification-tokens';
import {
  BadCredentialsError,
  EmailNotVerifiedError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthorizedError,
} from '../http/errors';
import { ensureTimeFor } from '../http/deadline';
import { logger } from '../http/logger';
import { sendMail } from '../mail/send-mail';
import { verificationMail } from '../mail/verification-mail';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../security/passwords';
import { hashToken, newToken } from '../security/tokens';
import { lockoutPolicy } from './lockout';
import { logoUrl } from './logo';

export const sessionLifetimeSeconds = 7 * 24 * 3600;
export const verificationLifetimeSeconds = 24 * 3600;

/**
 * Creates the user and mails the link. Safe to repeat: a retry with the same username, e-mail and
 * password (the first answer lost to a timeout or a busy server) answers as the first one did
 * instead of 40900, so a client never has to guess whether its registration happened.
 */
export const register = async (input: { username: string; password: string; email: string }): Promise<User> => {
  const passwordHash = await hashPassword(input.password);
  // The hash is the slow part; commit only with time left to answer.
  ensureTimeFor(5_000, 'register');
  const user: User = {
    id: randomUUID(),
    username: input.username,
    email: input.email,
    passwordHash,
    verified: false,
    createdAt: new Date().toISOString(),
  };
  try {
    await createUser(user);
  } catch (error) {
    const earlier = error instanceof UsernameTakenError ? await sameRegistration(input) : undefined;
    if (!earlier) throw error;
    // The earlier attempt may have failed before its mail: send one, within the address's limit.
    if ((await hit(resendLimits.perAddress, earlier.email.toLowerCase(), epochSeconds())) === 0) await sendVerification(earlier);
    return earlier;
  }
  await sendVerification(user);
  return user;
};

/** The unverified user an identical earlier registration created, if that is what exists. */
const sameRegistration = async (input: { username: string; password: string; email: string }): Promise<User | undefined> => {
  const existing = await getUserByUsername(input.username);
  if (!existing || existing.verified || existing.username !== input.username) return undefined;
  if (existing.email.toLowerCase() !== input.email.toLowerCase()) return undefined;
  return (await verifyPassword(input.password, existing.passwordHash)) ? existing : undefined;
};

const sendVerification = async (user: User): Promise<void> => {
  const token = newToken();
  await putVerificationToken(hashToken(token), user.id, epochSeconds() + verificationLifetimeSeconds);
  const link = `${config.publicBaseUrl}/apis/user/verify?token=${encodeURIComponent(token)}`;
  await sendMail(verificationMail(user.email, user.username, link));
};

export const verifyEmail = async (token: string): Promise<void> => {
  const userId = await consumeVerificationToken(hashToken(token));
  if (!userId) throw new NotFoundError('token: unknown, already used or expired');
};

/** Links mailed on request: per address and per client, so the endpoint cannot be turned into a mailer. */
export const resendLimits = {
  perAddress: { name: 'resend-address', limit: 3, windowSeconds: 3600 },
  perClient: { name: 'resend-client', limit: 10, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimit>;

/** Every answer takes at least this long, so its timing does not tell known addresses from unknown. */
export const resendAnswerFloorMs = 600;

/**
 * Same answer, and the same time, whether or not the address exists, so the endpoint reveals no
 * accounts; limited per client and per address (counted for unknown addresses too). A new link
 * replaces the previous one.
 */
export const resendVerification = async (email: string, client: string): Promise<void> => {
  const answerAt = Date.now() + resendAnswerFloorMs;
  try {
    const now = epochSeconds();
    const waitClient = await hit(resendLimits.perClient, client, now);
    if (waitClient > 0) throw new TooManyAttemptsError(`too many verification mails asked for: try again in ${waitClient} seconds`, waitClient);
    const waitAddress = await hit(resendLimits.perAddress, email.toLowerCase(), now);
    if (waitAddress > 0) throw new TooManyAttemptsError(`too many verification mails for this address: try again in ${waitAddress} seconds`, waitAddress);
    const user = await getUserByEmail(email);
    if (user && !user.verified) await sendVerification(user);
    else logger.info('verification not resent', { reason: user ? 'already verified' : 'unknown address' });
  } finally {
    const wait = answerAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
};

export interface LoginResult {
  token: string;
  expiresIn: number;
  user: User;
}

export const login = async (username: string, password: string, now = Date.now()): Promise<LoginResult> => {
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
  });
  return { token, expiresIn: sessionLifetimeSeconds, user };
};

const lockedOut = (seconds: number) => new TooManyAttemptsError(`too many failed logins: try again in ${seconds} seconds`, seconds);

export const logout = async (tokenHash: string): Promise<void> => {
  await deleteSession(tokenHash);
};

export interface Profile {
  user: { id: string; username: string; email: string; verified: boolean; createdAt: string; logoUrl?: string };
  accounts: AccountSummary[];
}

export const profile = async (userId: string): Promise<Profile> => {
  const [user, accounts] = await Promise.all([getUser(userId), listAccountsOfUser(userId)]);
  if (!user) throw new UnauthorizedError();
  const logo = await logoUrl(user.logoKey);
  return {
    user: {
      id: user.id,
      username: user.username,
      email: user.email,
      verified: user.verified,
      createdAt: user.createdAt,
      ...(logo ? { logoUrl: logo } : {}),
    },
    accounts: summarize(accounts),
  };
};
