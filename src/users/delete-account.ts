import { deleteAccount as deleteAccountItem, listAccountsOfOrganization } from '../core/data/accounts';
import { epochSeconds } from '../core/data/client';
import { holdInbox } from '../core/data/kept-inbox';
import { holdMaterials } from '../core/data/kept-materials';
import { holdRules } from '../core/data/kept-rules';
import { changeMember, deleteOrganization, listMembers, listMembershipsOfUser } from '../core/data/organizations';
import { AppError, ErrorCode, NotFoundError } from '../core/errors';
import { deleteObject, listKeys } from '../core/uploads/s3';
import { replaceAuthorName } from '../core/data/audit-authors';
import { deleteTokens } from '../wechat/data/tokens';
import { clearLockout } from './data/login-attempts';
import { deleteUserLink, listUserLinkHashes } from './data/user-links';
import { deleteUser, getUser } from './data/users';
import { deleteVerificationToken } from './data/verification-tokens';
import { confirmPassword } from './password-check';
import { revokeSessions } from './sessions';
import './rule-texts';

/**
 * Deleting a user and their data (PIPL; what goes and what stays: docs/privacy.md). Refused while
 * the user is the only owner of an organization that has other members (they would be left with
 * no one able to manage it). An organization where the user is the only member goes too, with its
 * accounts' items and WeChat tokens (their rules, inbox and materials' records purged 30 days later
 * by TTL); elsewhere the user's membership ends. The user item goes last,
 * so a deletion cut short is finished by the same request again (the password still works).
 */
export class OnlyOwnerError extends AppError {
  override name = 'OnlyOwnerError';
  constructor(organizations: { orgId: string; name: string }[]) {
    super(
      ErrorCode.conflict,
      409,
      `organizations: you are the only owner of ${organizations.map((o) => `"${o.name}"`).join(', ')}, which has other members: make one of them owner, or remove them, first`,
      { extra: { organizations }, problem: { field: 'organizations', rule: 'account.onlyOwner', given: organizations.map((o) => `“${o.name}”`).join('、') } },
    );
  }
}

/** A deleted organization's accounts' rules, inbox and material records: kept as an unbound account's (SPEC, data kept), then purged by TTL. */
export const keptAfterDeletionSeconds = 30 * 86_400;

export const deleteUserAccount = async (userId: string, password: string, now = Date.now()): Promise<{ organizationsDeleted: number; accountsDeleted: number }> => {
  const user = await getUser(userId);
  if (!user) throw new NotFoundError('user: gone');
  await confirmPassword(user, password, 'password');

  const plans = await Promise.all(
    (await listMembershipsOfUser(userId)).map(async (membership) => {
      const others = (await listMembers(membership.orgId)).filter((m) => m.userId !== userId);
      return { membership, others };
    }),
  );
  const blocked = plans.filter(({ membership, others }) => membership.role === 'owner' && others.length > 0 && !others.some((o) => o.role === 'owner'));
  if (blocked.length) throw new OnlyOwnerError(blocked.map(({ membership }) => ({ orgId: membership.orgId, name: membership.orgName })));

  let organizationsDeleted = 0;
  let accountsDeleted = 0;
  for (const { membership, others } of plans) {
    if (others.length > 0) {
      await changeMember(membership.orgId, userId, undefined);
      continue;
    }
    // The only member: the organization goes, and its official accounts with their WeChat tokens;
    // their rules, inbox and material records are held 30 days (a re-bind by whoever proves control
    // gives them back, as after an unbind), then DynamoDB's TTL purges them.
    const until = epochSeconds(now) + keptAfterDeletionSeconds;
    for (const account of await listAccountsOfOrganization(membership.orgId)) {
      await Promise.all([holdRules(account.appid, until), holdInbox(account.appid, until), holdMaterials(account.appid, until)]);
      await deleteTokens([
        { kind: account.mode === 'direct' ? 'direct' : 'authorizer', appid: account.appid },
        { kind: 'jsapi', appid: account.appid },
      ]);
      if (await deleteAccountItem(account.appid, membership.orgId)) accountsDeleted++;
    }
    await deleteOrganization(membership.orgId);
    organizationsDeleted++;
  }

  // Every logo the user ever uploaded (a new one does not remove the one before).
  await Promise.all((await listKeys(`logos/${userId}/`)).map((key) => deleteObject(key)));
  await revokeSessions(userId, '', true);
  await Promise.all((await listUserLinkHashes(userId)).map((hash) => deleteUserLink(hash)));
  if (user.verificationTokenHash) await deleteVerificationToken(user.verificationTokenHash);
  await clearLockout(user.username);
  // Audit entries naming them are kept a year, under a name that is no longer theirs (SPEC's retention table).
  await replaceAuthorName(userId);
  await deleteUser(user);
  return { organizationsDeleted, accountsDeleted };
};
