import { consumeVerificationToken } from './data/verification-tokens';
import { NotFoundError } from '../core/errors';
import { hashToken } from '../core/security/tokens';

/** Follows a mailed link (./verification-links.ts): single use, within its lifetime. */
export const verifyEmail = async (token: string): Promise<void> => {
  const userId = await consumeVerificationToken(hashToken(token));
  if (!userId) throw new NotFoundError('token: unknown, already used or expired');
};
