import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../route';
import { cancellationReasons, db, epochSeconds, table } from './client';
import { ItemConflict, ItemNotFound } from './errors';
import { membershipKey, userMembershipsKey, type Membership } from './organizations';

/**
 * Invitations to an organization, keyed by the SHA-256 of the mailed token (the table never holds
 * a usable link), single use and valid 7 days, bound to the invited address:
 *   INVITE#<sha256 hex> / INVITE   orgId, orgName, email (lower case), role, invitedBy, createdAt, expiresAt, ttl
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
      Item: { ...invitationKey(invitation.tokenHash), type: 'invitation', ...invitation, ttl: invitation.expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/** The live invitation, or undefined when unknown, used or expired (TTL deletion lags, so check). */
export const getInvitation = async (tokenHash: string, now = Date.now()): Promise<Invitation | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: invitationKey(tokenHash), ConsistentRead: true }));
  if (!Item || (Item['expiresAt'] as number) <= epochSeconds(now)) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ttl: _ttl, ...invitation } = Item;
  return invitation as Invitation;
};

/**
 * The writes that spend the invitation and make the user a member, for one transaction (alone, or
 * with a registration's): the delete is conditioned on the invitation still being live, so a
 * second use, even a concurrent one, fails; the membership on not existing yet.
 */
export const acceptInvitationWrites = (invitation: Invitation, member: { userId: string; username: string; email: string }, now = Date.now()) => {
  const membership: Membership = {
    orgId: invitation.orgId,
    userId: member.userId,
    role: invitation.role,
    username: member.username,
    email: member.email,
    orgName: invitation.orgName,
    joinedAt: new Date(now).toISOString(),
  };
  return [
    {
      Delete: {
        TableName: table(),
        Key: invitationKey(invitation.tokenHash),
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
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
export const acceptInvitation = async (invitation: Invitation, member: { userId: string; username: string; email: string }, now = Date.now()): Promise<Membership> => {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: acceptInvitationWrites(invitation, member, now) as never }));
  } catch (error) {
    throw acceptFailure(error) ?? error;
  }
  return { orgId: invitation.orgId, userId: member.userId, role: invitation.role, username: member.username, email: member.email, orgName: invitation.orgName, joinedAt: new Date(now).toISOString() };
};

/** What a failed acceptance means, from the transaction's reasons (the invitation's writes first). */
export const acceptFailure = (error: unknown, offset = 0): Error | undefined => {
  const reasons = cancellationReasons(error);
  if (reasons?.[offset] === 'ConditionalCheckFailed' || reasons?.[offset] === 'TransactionConflict') return new InvitationGoneError();
  if (reasons?.[offset + 1] === 'ConditionalCheckFailed') return new AlreadyMemberError();
  return undefined;
};
