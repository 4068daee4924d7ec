import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { epochSeconds } from '../data/client';
import { listAccountsOfUser, summarize, type AccountSummary } from '../data/accounts';
import { clearLockout, getLockout, putLockout } from '../data/login-attempts';
import { deleteSession, putSession } from '../data/sessions';
import { createUser, getUser, getUserByEmail, getUserByUsername, type User } from '../data/users';
import { consumeVerificationToken, putVerificationToken } from '../data/verification-tokens';
import {
  BadCredentialsError,
  EmailNotVerifiedError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthorizedError,
} from '../http/errors';
import { logger } from '../http/logger';
import { sendMail } from '../mail/send-mail';
import { verificationMail } from '../mail/verification-mail';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../security/passwords';
import { hashToken, newToken } from '../security/tokens';
import { forgetAt, lockedFor, recordFailure } from './lockout';
import { logoUrl } from './logo';

export const sessionLifetimeSeconds = 7 * 24 * 3600;
export const verificationLifetimeSeconds = 24 * 3600;

export const register = async (input: { username: string; password: string; email: string }): Promise<User> => {
  const user: User = {
    id: randomUUID(),
    username: input.username,
    email: input.email,
    passwordHash: await hashPassword(input.password),
    verified: false,
    createdAt: new Date().toISOString(),
  };
  await createUser(user);
  await sendVerification(user);
  return user;
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

/** Same answer whether or not the address exists, so the endpoint reveals no accounts. */
export const resendVerification = async (email: string): Promise<void> => {
  const user = await getUserByEmail(email);
  if (user && !user.verified) await sendVerification(user);
  else logger.info('verification not resent', { reason: user ? 'already verified' : 'unknown address' });
};

export interface LoginResult {
  token: string;
  expiresIn: number;
  user: User;
}

export const login = async (username: string, password: string, now = Date.now()): Promise<LoginResult> => {
  const seconds = epochSeconds(now);
  const lockout = await getLockout(username);
  const locked = lockedFor(lockout?.state, seconds);
  if (locked > 0) throw new TooManyAttemptsError(`too many failed logins: try again in ${locked} seconds`, locked);

  const user = await getUserByUsername(username);
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !passwordOk) {
    await countFailure(username, seconds);
    throw new BadCredentialsError();
  }
  if (!user.verified) throw new EmailNotVerifiedError();
  if (lockout) await clearLockout(username);

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

/** Counts one failure; retried on a concurrent write so simultaneous failures all count. */
const countFailure = async (username: string, seconds: number): Promise<void> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await getLockout(username);
    const next = recordFailure(stored?.state, seconds);
    if (await putLockout(username, next, stored?.version, forgetAt(next))) return;
  }
  logger.warn('login failure not counted after 5 concurrent-write retries');
};

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
