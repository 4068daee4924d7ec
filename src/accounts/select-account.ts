import { getAccount, listAccountsOfOrganization, type Account } from '../core/data/accounts';
import { ForbiddenError, NoAccountError, NotFoundError, ValidationError } from '../core/errors';

/** The organization a request acts in (the endpoint wrapper checked the member's role there). */
export interface OrgScope {
  orgId: string;
}

/**
 * SPEC §3 account selection within the request's organization: an explicit appid must be the
 * organization's and authorized; without one, the organization's only authorized account is used.
 * An account of another organization is 40300, whoever's member the caller is elsewhere.
 */
export const selectAccount = async (org: OrgScope, appid: string | undefined): Promise<Account> => {
  if (appid) {
    const account = await getAccount(appid);
    if (!account || account.status !== 'authorized') {
      if (account && account.orgId !== org.orgId) throw new ForbiddenError(`appid: ${appid} belongs to someone else`);
      throw new NotFoundError(`appid: ${appid} is not an authorized account of yours`);
    }
    if (account.orgId !== org.orgId) throw new ForbiddenError(`appid: ${appid} belongs to someone else`);
    return account;
  }
  const accounts = (await listAccountsOfOrganization(org.orgId)).filter((a) => a.status === 'authorized');
  if (accounts.length === 0) throw new NoAccountError();
  if (accounts.length > 1) throw new ValidationError('appid: is required when you have several official accounts', { problem: { field: 'appid', rule: 'account.choose' } });
  return accounts[0]!;
};
