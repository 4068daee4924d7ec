import { epochSeconds } from '../core/data/client';
import { TooManyAttemptsError } from '../core/errors';
import { hit, type RateLimit } from './data/rate-limits';

/**
 * Mails sent on request are limited per address and per client, so these endpoints cannot be
 * turned into a mailer (resendVerification keeps its own, ./verification-links.ts).
 */
export const mailLimits = {
  forgotPerAddress: { name: 'forgot-address', limit: 3, windowSeconds: 3600 },
  forgotPerClient: { name: 'forgot-client', limit: 10, windowSeconds: 3600 },
  emailPerAddress: { name: 'email-change-address', limit: 3, windowSeconds: 3600 },
  emailPerClient: { name: 'email-change-client', limit: 10, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimit>;

/** Counts one mail for the client and for the address; 42900 with the wait when either is over. */
export const spendMailAllowance = async (perClient: RateLimit, client: string, perAddress: RateLimit, address: string): Promise<void> => {
  const now = epochSeconds();
  const waitClient = await hit(perClient, client, now);
  if (waitClient > 0) throw new TooManyAttemptsError(`too many mails asked for: try again in ${waitClient} seconds`, waitClient);
  const waitAddress = await hit(perAddress, address.toLowerCase(), now);
  if (waitAddress > 0) throw new TooManyAttemptsError(`email: too many mails to this address: try again in ${waitAddress} seconds`, waitAddress);
};
