import { consumeVerificationToken } from './data/verification-tokens';
import { ConflictError, NotFoundError } from '../core/errors';
import { hashToken } from '../core/security/tokens';
import './rule-texts';

/** Follows a mailed link (./verification-links.ts): single use, within its lifetime; the address goes to whoever proves it first. */
export const verifyEmail = async (token: string): Promise<void> => {
  const outcome = await consumeVerificationToken(hashToken(token));
  if (outcome.verified) return;
  if (outcome.reason === 'addressVerifiedElsewhere') {
    throw new ConflictError('token: this e-mail address was verified by another account first, so this registration cannot have it: register again with another address', { field: 'token', rule: 'link.verifyAddressTaken' });
  }
  if (outcome.reason === 'removed') {
    throw new ConflictError('token: this registration no longer exists: it was not verified within 24 hours and its username or address was registered again, or its address was verified by another registration: register again', { field: 'token', rule: 'link.verifyRegistrationGone' });
  }
  throw new NotFoundError('token: unknown, already used or expired', { field: 'token', rule: 'link.verifyGone' });
};
