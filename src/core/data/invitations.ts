import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../messages/language';
import type { Role } from '../route';
import { cancellationReasons, db, epochSeconds, isConditionFailure, queryAll, table } from './client';
import { DataError, ItemConflict, ItemNotFound } from './errors';
import { tableDesign } from './table-design';
import { membershipKey, userMembershipsKey, type Membership } from './organizations';

/**
 * Invitations to an organization, keyed by the SHA-256 of the mailed token (the table never holds
 * a usable link), single use and valid 7 days, bound to the invited address:
 *   INVITE#<sha256 hex> / INVITE   orgId, orgName, email (lower case), role, invitedBy, createdAt, expiresAt, ttl,
 *                                  revokedAt?, revokedBy?; gsi1pk INVITES#<orgId>, gsi1sk <createdAt> (the pending list)
 * Here (not in the team area) because registration reads one too: an invitee without a login
 * registers through the link.
 */
export interface Invitation {
  tokenHash: string;
  orgId: string;
  orgName: string;
  /** Lower case: compared with the accepting user's address, case-insensitively. */
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  /** Epoch seconds; also the TTL attribute. */
  expiresAt: number;
}

/** The index entry that lists an organization's invitations (those made before it existed are not listed: they expire within 7 days). */
export const orgInvitationsKey = (orgId: string) => ({ gsi1pk: `INVITES#${orgId}` });

/** A revoked invitation is kept until it would have expired, so its link says why it no longer works. */
export class InvitationRevokedError extends DataError {
  override name = 'InvitationRevokedError';
  constructor() {
    super('not_found', 'token: the organization withdrew this invitation: ask its owner for a new one', { rule: 'invitation.revoked' });
  }
}

export const invitationLifetimeSeconds = 7 * 24 * 3600;

export const invitationKey = (tokenHash: string) => ({ pk: `INVITE#${tokenHash}`, sk: 'INVITE' });

export class InvitationGoneError extends ItemNotFound {
  override name = 'InvitationGoneError';
  constructor() {
    super('token: the invitation is unknown, used already or expired: ask for a new one');
  }
}

export class AlreadyMemberError extends ItemConflict {
  override name = 'AlreadyMemberError';
  constructor() {
    super('token: you are a member of this organization already');
  }
}

export const putInvitation = async (invitation: Invitation): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...invitationKey(invitation.tokenHash), ...orgInvitationsKey(invitation.orgId), gsi1sk: invitation.createdAt, type: 'invitation', ...invitation, ttl: invitation.expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/** The live invitation, or undefined when unknown, used or expired (TTL deletion lags, so check). */
export const getInvitation = async (tokenHash: string, now = Date.now()): Promise<Invitation | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: invitationKey(tokenHash), ConsistentRead: true }));
  if (!Item || (Item['expiresAt'] as number) <= epochSeconds(now)) return undefined;
  if (Item['revokedAt']) throw new InvitationRevokedError();
  return fromItem(Item);
};

const fromItem = (item: Record<string, unknown>): Invitation => {
  const { pk: _pk, sk: _sk, type: _type, ttl: _ttl, gsi1pk: _gpk, gsi1sk: _gsk, revokedAt: _r, revokedBy: _b, ...invitation } = item;
  return invitation as unknown as Invitation;
};

/** The organization's invitations still waiting for their addressee (not used, revoked or expired), newest first. */
export const listPendingInvitations = async (orgId: string, now = Date.now()): Promise<Invitation[]> => {
  const items = await queryAll({
    TableName: table(),
    IndexName: tableDesign.indexes.gsi1.name,
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': orgInvitationsKey(orgId).gsi1pk },
    ScanIndexForward: false,
  });
  return items.filter((i) => !i['revokedAt'] && (i['expiresAt'] as number) > epochSeconds(now)).map(fromItem);
};

/**
 * Withdraws a pending invitation of the organization: its link answers "withdrawn" from then on.
 * Conditioned on it being the organization's, still live and not revoked: anything else is not found.
 */
export const revokeInvitation = async (orgId: string, tokenHash: string, by: string, now = Date.now()): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: invitationKey(tokenHash),
        UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND orgId = :org AND expiresAt > :now AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': new Date(now).toISOString(), ':by': by, ':org': orgId, ':now': epochSeconds(now) },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ItemNotFound('invitationId: no pending invitation of this organization has this id');
    throw error;
  }
};

/**
 * The writes that spend the invitation and make the user a member, for one transaction (alone, or
 * with a registration's): the delete is conditioned on the invitation still being live, so a
 * second use, even a concurrent one, fails; the membership on not existing yet.
 */
export const acceptInvitationWrites = (invitation: Invitation, member: { userId: string; username: string; email: string; language?: Language }, now = Date.now()) => {
  const membership: Membership = {
    orgId: invitation.orgId,
    userId: member.userId,
    role: invitation.role,
    username: member.username,
    email: member.email,
    ...(member.language ? { language: member.language } : {}),
    orgName: invitation.orgName,
    joinedAt: new Date(now).toISOString(),
  };
  return [
    {
      Delete: {
        TableName: table(),
        Key: invitationKey(invitation.tokenHash),
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
      },
    },
    {
      Put: {
        TableName: table(),
        Item: { ...membershipKey(membership.orgId, membership.userId), ...userMembershipsKey(membership.userId), gsi1sk: `ORG#${membership.orgId}`, type: 'member', ...membership },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
};

/** Spends the invitation for a signed-in user: they become a member with the invited role. */
export const acceptInvitation = async (invitation: Invitation, member: { userId: string; username: string; email: string; language?: Language }, now = Date.now()): Promise<Membership> => {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: acceptInvitationWrites(invitation, member, now) as never }));
  } catch (error) {
    throw acceptFailure(error) ?? error;
  }
  return {
    orgId: invitation.orgId,
    userId: member.userId,
    role: invitation.role,
    username: member.username,
    email: member.email,
    orgName: invitation.orgName,
    joinedAt: new Date(now).toISOString(),
    ...(member.language ? { language: member.language } : {}),
  };
};

/** What a failed acceptance means, from the transaction's reasons (the invitation's writes first). */
export const acceptFailure = (error: unknown, offset = 0): Error | undefined => {
  const reasons = cancellationReasons(error);
  if (reasons?.[offset] === 'ConditionalCheckFailed' || reasons?.[offset] === 'TransactionConflict') return new InvitationGoneError();
  if (reasons?.[offset + 1] === 'ConditionalCheckFailed') return new AlreadyMemberError();
  return undefined;
};
