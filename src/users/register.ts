import { randomUUID } from 'node:crypto';
import { epochSeconds } from '../core/data/client';
import { hit } from './data/rate-limits';
import { createUser, getUserByUsername, UsernameTakenError, type User } from './data/users';
import { ensureTimeFor } from '../core/http/deadline';
import { hashPassword, verifyPassword } from '../core/security/passwords';
import { resendLimits, sendVerification } from './verification-links';

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
