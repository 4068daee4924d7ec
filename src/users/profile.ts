import { listAccountsOfOrganization, summarize, type AccountSummary } from '../core/data/accounts';
import { getUser } from './data/users';
import { UnauthorizedError } from '../core/errors';
import { logoUrl } from './logo';

export interface Profile {
  user: { id: string; username: string; email: string; verified: boolean; createdAt: string; logoUrl?: string };
  accounts: AccountSummary[];
}

/** The user, and the official accounts of the organization the request acts in. */
export const profile = async (userId: string, orgId: string): Promise<Profile> => {
  const [user, accounts] = await Promise.all([getUser(userId), listAccountsOfOrganization(orgId)]);
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
