import { membershipKey, organizationKey } from '../../core/data/organizations';
import { table } from '../../core/data/client';
import { emailKey, holderOf, usernameGuardKey, usernameKey, userKey, type User } from './users';

/**
 * Removing an unverified registration that lost its claim: older than 24 hours when a later one
 * wants its username or address, or any unverified one when its address is proven by someone else
 * (a verified address always wins). The writes join the winner's transaction, so the winner's
 * markers and the loser's removal happen together or not at all.
 */
export const unverifiedHoldSeconds = 24 * 3600;

/** An unverified registration that no longer holds anything against a later one. */
export const isLapsed = (user: User, nowMs: number): boolean => !user.verified && Date.parse(user.createdAt) + unverifiedHoldSeconds * 1000 <= nowMs;

/**
 * The keys of every marker a user may hold. A user without `usernameKey` holds no lookalike guard
 * (registered before it, and not migrated: the migration writes both together), so the table of
 * confusables is not needed here (nor in the bundles that remove users).
 */
export const markerKeysOf = (user: Pick<User, 'username' | 'email' | 'usernameKey'>) => [
  usernameKey(user.username),
  ...(user.usernameKey ? [usernameGuardKey(user.usernameKey)] : []),
  emailKey(user.email),
];

const keyText = (key: { pk: string; sk: string }) => `${key.pk}\u0000${key.sk}`;

/**
 * The writes that remove `loser`: its profile (only while still unverified, and with `lapsedBy` only
 * if registered before it), the markers it still holds except those the winner takes over in the
 * same transaction (`takenOver`), and its own organization with its membership (an unverified user
 * never logged in, so the organization has nothing else).
 */
export const removalWrites = async (
  loser: User,
  takenOver: { pk: string; sk: string }[],
  lapsedBy?: number,
): Promise<Record<string, unknown>[]> => {
  const skip = new Set(takenOver.map(keyText));
  const mine = await Promise.all(
    markerKeysOf(loser)
      .filter((key) => !skip.has(keyText(key)))
      .map(async (key) => ((await holderOf(key)) === loser.id ? key : undefined)),
  );
  return [
    {
      Delete: {
        TableName: table(),
        Key: userKey(loser.id),
        ConditionExpression: lapsedBy === undefined ? 'verified = :f' : 'verified = :f AND createdAt <= :cutoff',
        ExpressionAttributeValues: {
          ':f': false,
          ...(lapsedBy === undefined ? {} : { ':cutoff': new Date(lapsedBy - unverifiedHoldSeconds * 1000).toISOString() }),
        },
      },
    },
    ...mine
      .filter((key) => key !== undefined)
      .map((key) => ({ Delete: { TableName: table(), Key: key, ConditionExpression: 'userId = :id', ExpressionAttributeValues: { ':id': loser.id } } })),
    ...(loser.defaultOrgId
      ? [{ Delete: { TableName: table(), Key: membershipKey(loser.defaultOrgId, loser.id) } }, { Delete: { TableName: table(), Key: organizationKey(loser.defaultOrgId), ConditionExpression: 'attribute_not_exists(pk) OR createdBy = :id', ExpressionAttributeValues: { ':id': loser.id } } }]
      : []),
  ];
};
