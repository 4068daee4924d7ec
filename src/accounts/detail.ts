import type * as z from 'zod';
import { isVerified } from '../core/capabilities';
import { capabilitiesOf, permissionSets, serviceTypes, verifyTypes } from './capability-view';
import { config } from '../core/config';
import { getAccount, listAccountsOfOrganization, needsReauthorization, type Account } from '../core/data/accounts';
import { ForbiddenError, NoAccountError, NotFoundError, ValidationError } from '../core/errors';
import type { AccountDetail as AccountDetailSchema } from './contract';

/**
 * One official account as its owner's settings page shows it: status (authorized, revoked, the
 * scheduled refresh's last failure), connection mode, allowed web domains and, for direct binding,
 * the callback URL to paste into WeChat, its type, verification and granted permission sets with
 * what each feature may do (src/core/capabilities.ts). Secrets never leave. Unlike selectAccount, a revoked
 * account is shown too: its owner needs to see that it was revoked.
 */
export type AccountDetail = z.infer<typeof AccountDetailSchema>;


export const callbackUrlOf = (appidValue: string): string => `${config.publicBaseUrl}/wxplatform/callback/${appidValue}`;

export const accountDetail = (account: Account): AccountDetail => ({
  appid: account.appid,
  nickname: account.nickname,
  mode: account.mode,
  status: account.status,
  domains: account.domains ?? [],
  ...(account.mode === 'direct' ? { callbackUrl: callbackUrlOf(account.appid), encrypted: Boolean(account.encodingAesKey) } : {}),
  ...(account.mode === 'direct' && account.encryptMode ? { encryptMode: account.encryptMode } : {}),
  ...(account.mode === 'direct' && account.previousCallbackUntil && Date.parse(account.previousCallbackUntil) > Date.now()
    ? { previousAcceptedUntil: account.previousCallbackUntil }
    : {}),
  ...(account.refreshError ? { refreshError: account.refreshError } : {}),
  needsReauthorization: needsReauthorization(account),
  ...(account.headImg ? { headImg: account.headImg } : {}),
  ...(account.principalName ? { principalName: account.principalName } : {}),
  ...(account.serviceType !== undefined ? { serviceType: { id: account.serviceType, name: serviceTypes[account.serviceType]?.zh ?? String(account.serviceType) } } : {}),
  ...(account.verifyType !== undefined
    ? { verifyType: { id: account.verifyType, verified: isVerified(account.verifyType), name: verifyTypes[account.verifyType]?.zh ?? String(account.verifyType) } }
    : {}),
  ...(account.mode === 'component' && account.funcInfo
    ? { permissionSets: account.funcInfo.map((id) => ({ id, name: permissionSets[id]?.zh ?? `权限集 ${id}` })) }
    : {}),
  capabilities: capabilitiesOf(account),
  createdAt: account.createdAt,
});

export const findOwnAccount = async (org: { orgId: string }, appidValue: string | undefined): Promise<Account> => {
  if (appidValue) {
    const account = await getAccount(appidValue);
    if (!account) throw new NotFoundError(`appid: ${appidValue} is not an account of yours`);
    if (account.orgId !== org.orgId) throw new ForbiddenError(`appid: ${appidValue} belongs to someone else`);
    return account;
  }
  const accounts = await listAccountsOfOrganization(org.orgId);
  if (accounts.length === 0) throw new NoAccountError();
  if (accounts.length > 1) throw new ValidationError('appid: is required when you have several official accounts', { problem: { field: 'appid', rule: 'account.choose' } });
  return accounts[0]!;
};
