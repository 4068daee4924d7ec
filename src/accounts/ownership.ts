import { moveAccount } from '../core/data/accounts';
import { getOrganization, listMembers } from '../core/data/organizations';
import { sendMail, type Mail } from '../core/mail/send-mail';
import { logger } from '../core/http/logger';
import { cancelWorkOfPreviousOwner, type AccountLeftOrganization } from './previous-owner-work';

/**
 * Ownership follows proof of control (issue 22): a fresh third-party authorization moves an account
 * at once; a direct binding with the right AppSecret moves it after 24 hours (src/accounts/transfers.ts).
 * The organization that lost it is told (each owner, by mail) and its running work is cancelled.
 */

/** Mails each owner of the organization; a failed send is logged, not thrown: the move has happened. */
export const mailOwners = async (orgId: string, mail: (to: string, orgName: string) => Mail): Promise<number> => {
  const [organization, members] = await Promise.all([getOrganization(orgId), listMembers(orgId)]);
  const owners = members.filter((m) => m.role === 'owner');
  const results = await Promise.allSettled(owners.map((m) => sendMail(mail(m.email, organization?.name ?? m.orgName))));
  for (const r of results) if (r.status === 'rejected') logger.error('ownership mail failed', { orgId, error: r.reason });
  return owners.length;
};

/**
 * Moves the account from the organization that owns it to the prover's, once (conditioned on the
 * owner still being `fromOrgId`), then tells the previous owners and cancels their work for it.
 * False when the account is no longer `fromOrgId`'s (someone else moved it first).
 */
export const moveToProver = async (
  appid: string,
  fromOrgId: string,
  toOrgId: string,
  why: Exclude<AccountLeftOrganization['why'], 'unbind'>,
  mail: (to: string, orgName: string) => Mail,
): Promise<boolean> => {
  if (!(await moveAccount(appid, { orgId: fromOrgId }, toOrgId))) return false;
  logger.info('account moved to the organization that proved control', { appid, fromOrgId, toOrgId, why });
  await Promise.all([mailOwners(fromOrgId, mail), cancelWorkOfPreviousOwner({ appid, orgId: fromOrgId, why })]);
  return true;
};
