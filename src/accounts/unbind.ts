import { epochSeconds } from '../core/data/client';
import { getAccount, markUnbound } from '../core/data/accounts';
import { holdForRebind } from './kept-data';
import { AppError, ErrorCode, ForbiddenError, NotFoundError } from '../core/errors';
import { verifyPassword } from '../core/security/passwords';
import { getUser } from '../users/data/users';
import { deleteTokens } from '../wechat/data/tokens';
import { tokens } from '../wechat/tokens';
import { cancelWorkOfPreviousOwner } from './previous-owner-work';

/**
 * Unbinding (owners only, password re-entered): the account stops being served at once (its
 * pushes are answered `success` and not stored: src/callback/handle-callback.ts), its secrets and
 * tokens go, and its rules and inbox are kept 30 days for a re-bind, then purged by TTL (SPEC, data
 * kept). The platform cannot withdraw a third-party authorization at WeChat: the owner cancels it
 * in WeChat's back office (the console says where).
 */
export const keptForRebindSeconds = 30 * 86_400;

export const unbindAccount = async (org: { orgId: string }, userId: string, input: { appid: string; password: string }, now = Date.now()) => {
  const user = await getUser(userId);
  if (!user || !(await verifyPassword(input.password, user.passwordHash))) throw new AppError(ErrorCode.badCredentials, 401, 'password: is wrong');
  const account = await getAccount(input.appid);
  if (!account || account.status === 'unbound') {
    if (account && account.orgId !== org.orgId) throw new ForbiddenError(`appid: ${input.appid} belongs to someone else`);
    throw new NotFoundError(`appid: ${input.appid} is not a bound account of yours`);
  }
  if (account.orgId !== org.orgId) throw new ForbiddenError(`appid: ${input.appid} belongs to someone else`);
  const until = epochSeconds(now) + keptForRebindSeconds;
  if (!(await markUnbound(input.appid, org.orgId, until, new Date(now)))) throw new ForbiddenError(`appid: ${input.appid} belongs to someone else`);
  const refs = [
    { kind: 'authorizer', appid: input.appid },
    { kind: 'direct', appid: input.appid },
    { kind: 'jsapi', appid: input.appid },
  ] as const;
  await deleteTokens([...refs]);
  for (const ref of refs) tokens.forget(ref);
  await Promise.all([holdForRebind(input.appid, until), cancelWorkOfPreviousOwner({ appid: input.appid, orgId: org.orgId, why: 'unbind' })]);
  return { appid: input.appid, mode: account.mode, keptUntil: new Date(until * 1000) };
};
