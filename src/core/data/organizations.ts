import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../messages/language';
import type { Role } from '../route';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from './client';
import { ItemConflict, ItemNotFound } from './errors';
import { tableDesign } from './table-design';

/**
 * Organizations own official accounts; people reach them as members with a role. The organization
 * and its members share one partition, so a members list is one Query; a user's organizations are
 * listed through gsi1:
 *   ORG#<orgId> / ORG               name, createdAt, createdBy
 *   ORG#<orgId> / MEMBER#<userId>   role, username, email, orgName, joinedAt, language?
 *                                   gsi1pk MEMBERS#<userId>, gsi1sk ORG#<orgId>
 * The endpoint wrapper reads one membership (a consistent GetItem) on every request with a session,
 * so a change of role or a removal takes effect on the member's very next request.
 */
export interface Organization {
  orgId: string;
  name: string;
  createdAt: string;
  createdBy: string;
  /** Mass sends and publishing wait for an admin's approval (issue 28); set by an owner or admin. */
  approvalRequired?: boolean;
}

export interface Membership {
  orgId: string;
  userId: string;
  role: Role;
  username: string;
  email: string;
  /** The organization's name when the member joined (shown in the user's list of organizations). */
  orgName: string;
  joinedAt: string;
  /**
   * The language the member's mails speak (approvals, notices): the one the console used when they
   * joined (registration, an accepted invitation). Absent on older memberships: Chinese.
   */
  language?: Language;
}

export const organizationKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
export const membershipKey = (orgId: string, userId: string) => ({ pk: `ORG#${orgId}`, sk: `MEMBER#${userId}` });
/** The index entry that lists a user's organizations. */
export const userMembershipsKey = (userId: string) => ({ gsi1pk: `MEMBERS#${userId}` });

const gsi = tableDesign.indexes.gsi1;

const membershipItem = (m: Membership) => ({
  ...membershipKey(m.orgId, m.userId),
  ...userMembershipsKey(m.userId),
  gsi1sk: `ORG#${m.orgId}`,
  type: 'member',
  ...m,
});

const fromMembershipItem = (item: Record<string, unknown>): Membership => ({
  orgId: item['orgId'] as string,
  userId: item['userId'] as string,
  role: item['role'] as Role,
  username: item['username'] as string,
  email: item['email'] as string,
  orgName: item['orgName'] as string,
  joinedAt: item['joinedAt'] as string,
  ...(item['language'] === 'en' || item['language'] === 'zh-CN' ? { language: item['language'] } : {}),
});

export class MemberExistsError extends ItemConflict {
  override name = 'MemberExistsError';
  constructor() {
    super('userId: is a member of this organization already');
  }
}

export class NotAMemberError extends ItemNotFound {
  override name = 'NotAMemberError';
  constructor(userId: string) {
    super(`userId: ${userId} is not a member of this organization`);
  }
}

/**
 * The writes that found an organization with its first owner, for a caller's own transaction
 * (registration writes them with the user; the migration with its progress). Guarded so a repeat
 * never overwrites an organization or a membership.
 */
export const newOrganizationWrites = (org: Organization, owner: { userId: string; username: string; email: string; language?: Language }) => [
  {
    Put: {
      TableName: table(),
      Item: { ...organizationKey(org.orgId), type: 'organization', ...org },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  {
    Put: {
      TableName: table(),
      Item: membershipItem({
        orgId: org.orgId,
        userId: owner.userId,
        role: 'owner',
        username: owner.username,
        email: owner.email,
        orgName: org.name,
        joinedAt: org.createdAt,
        ...(owner.language ? { language: owner.language } : {}),
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
];

export const getOrganization = async (orgId: string): Promise<Organization | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: organizationKey(orgId), ConsistentRead: true }));
  return Item ? { orgId: Item['orgId'], name: Item['name'], createdAt: Item['createdAt'], createdBy: Item['createdBy'], ...(Item['approvalRequired'] === true ? { approvalRequired: true } : {}) } : undefined;
};

/** Turns the organization's approval of sends on or off. */
export const setApprovalRequired = async (orgId: string, required: boolean): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: organizationKey(orgId),
        UpdateExpression: 'SET approvalRequired = :r',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':r': required },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ItemNotFound('orgId: the organization is gone');
    throw error;
  }
};

/** One membership, consistently read: what the endpoint wrapper checks on every request. */
export const getMembership = async (orgId: string, userId: string): Promise<Membership | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: membershipKey(orgId, userId), ConsistentRead: true }));
  return Item ? fromMembershipItem(Item) : undefined;
};

/** The organizations a user belongs to (the index is eventually consistent: a just-accepted invitation may take a moment). */
export const listMembershipsOfUser = async (userId: string): Promise<Membership[]> =>
  (
    await queryAll({
      TableName: table(),
      IndexName: gsi.name,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': gsi.partitionKey, '#sk': gsi.sortKey },
      ExpressionAttributeValues: { ':pk': userMembershipsKey(userId).gsi1pk, ':prefix': 'ORG#' },
    })
  ).map(fromMembershipItem);

export const listMembers = async (orgId: string): Promise<Membership[]> =>
  (
    await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':prefix': 'MEMBER#' },
      ConsistentRead: true,
    })
  ).map(fromMembershipItem);

/**
 * Removes an organization and every membership of it (the operator's clean-up of what the smoke test
 * made; no route deletes an organization). Its accounts are not touched: remove them first.
 */
export const deleteOrganization = async (orgId: string): Promise<void> => {
  const members = await listMembers(orgId);
  await Promise.all([
    ...members.map((m) => db.send(new DeleteCommand({ TableName: table(), Key: membershipKey(orgId, m.userId) }))),
    db.send(new DeleteCommand({ TableName: table(), Key: organizationKey(orgId) })),
  ]);
};

/** Adds a member; refused when they are one already (their role is changed with setMemberRole, not here). */
export const addMember = async (membership: Membership, alsoWrite: Record<string, unknown>[] = []): Promise<void> => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table(), Item: membershipItem(membership), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...alsoWrite,
        ] as never,
      }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0] === 'ConditionalCheckFailed') throw new MemberExistsError();
    throw error;
  }
};

export class LastOwnerError extends ItemConflict {
  override name = 'LastOwnerError';
  constructor() {
    super('userId: the last owner cannot leave or be demoted: make another member owner first');
  }
}

/**
 * Changes a member's role or removes them (role undefined). An owner's demotion or departure is
 * refused when no other owner remains: the other owners are read, and the write is conditioned on
 * one of them still being an owner, in one transaction (two owners demoting each other at once meet
 * in each other's items: one of them fails).
 */
export const changeMember = async (orgId: string, userId: string, role: Role | undefined): Promise<Membership | undefined> => {
  const current = await getMembership(orgId, userId);
  if (!current) throw new NotAMemberError(userId);
  const key = membershipKey(orgId, userId);
  const change =
    role === undefined
      ? { Delete: { TableName: table(), Key: key, ConditionExpression: '#role = :was', ExpressionAttributeNames: { '#role': 'role' }, ExpressionAttributeValues: { ':was': current.role } } }
      : {
          Update: {
            TableName: table(),
            Key: key,
            UpdateExpression: 'SET #role = :role',
            ConditionExpression: '#role = :was',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':role': role, ':was': current.role },
          },
        };
  const losesOwner = current.role === 'owner' && role !== 'owner';
  const checks: Record<string, unknown>[] = [];
  if (losesOwner) {
    const other = (await listMembers(orgId)).find((m) => m.role === 'owner' && m.userId !== userId);
    if (!other) throw new LastOwnerError();
    checks.push({
      ConditionCheck: {
        TableName: table(),
        Key: membershipKey(orgId, other.userId),
        ConditionExpression: '#role = :owner',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':owner': 'owner' },
      },
    });
  }
  try {
    await db.send(new TransactWriteCommand({ TransactItems: [change, ...checks] as never }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[1] === 'ConditionalCheckFailed' || reasons?.some((r) => r === 'TransactionConflict')) throw new LastOwnerError();
    if (reasons?.[0] === 'ConditionalCheckFailed') throw new NotAMemberError(userId);
    throw error;
  }
  return role === undefined ? undefined : { ...current, role };
};

/** Writes a membership as given (the migration's repair of a half-written organization). */
export const putMembershipIfAbsent = async (membership: Membership): Promise<boolean> => {
  try {
    await db.send(new PutCommand({ TableName: table(), Item: membershipItem(membership), ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** A member's new e-mail address on every membership (the members list shows it): after a confirmed or undone change. */
export const setMemberEmail = async (userId: string, email: string): Promise<void> => {
  const memberships = await listMembershipsOfUser(userId);
  await Promise.all(
    memberships.map((m) =>
      db
        .send(
          new UpdateCommand({
            TableName: table(),
            Key: membershipKey(m.orgId, userId),
            UpdateExpression: 'SET email = :email',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':email': email },
          }),
        )
        .catch((error: unknown) => {
          // Left the organization meanwhile: nothing to update there.
          if (!isConditionFailure(error)) throw error;
        }),
    ),
  );
};
