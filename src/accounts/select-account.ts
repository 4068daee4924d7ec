import { getAccount, listAccountsOfUser, type Account } from '../core/data/accounts';
import { ForbiddenError, NoAccountError, NotFoundError, ValidationError } from '../core/errors';

/**
 * SPEC §3 account selection: an explicit appid must be the caller's and authorized; without one,
 * the caller's only authorized account is used.
 */
export const selectAccount = async (userId: string, appid: string | undefined): Promise<Account> => {
  if (appid) {
    const account = await getAccount(appid);
    if (!account || account.status !== 'authorized') {
      if (account && account.ownerId !== userId) throw new ForbiddenError(`appid: ${appid} belongs to someone else`);
      throw new NotFoundError(`appid: ${appid} is not an authorized account of yours`);
    }
    if (account.ownerId !== userId) throw new ForbiddenError(`appid: ${appid} belongs to someone else`);
    return account;
  }
  const accounts = (await listAccountsOfUser(userId)).filter((a) => a.status === 'authorized');
  if (accounts.length === 0) throw new NoAccountError();
  if (accounts.length > 1) throw new ValidationError('appid: is required when you have several official accounts');
  return accounts[0]!;
};
