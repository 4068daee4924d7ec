import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, epochSeconds, table } from '../../core/data/client';
import { emailKey, getUser, holderOf, markerPut, userKey } from './users';
import { removalWrites } from './stale-registrations';

/**
 * E-mail verification tokens, keyed by the token's SHA-256, single use (the link's user proves the
 * address with it: ./users.ts for the markers).
 *   VERIFY#<sha256 hex> / VERIFY   userId, expiresAt, ttl
 */
export const verificationKey = (tokenHash: string) => ({ pk: `VERIFY#${tokenHash}`, sk: 'VERIFY' });

/**
 * Stores a new token and makes it the user's only valid one (the user item names the newest
 * token's hash; older links stop working), in one transaction.
 */
export const putVerificationToken = async (tokenHash: string, userId: string, expiresAt: number): Promise<void> => {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table(),
            Item: { ...verificationKey(tokenHash), type: 'verification', userId, expiresAt, ttl: expiresAt },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: table(),
            Key: userKey(userId),
            UpdateExpression: 'SET verificationTokenHash = :h',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':h': tokenHash },
          },
        },
      ],
    }),
  );
};

/** What following a link did. */
export type VerificationOutcome =
  | { verified: true; userId: string }
  /** Unknown, used, expired, or replaced by a newer link. */
  | { verified: false; reason: 'unknown' }
  /** The registration is gone: it lapsed and a later one took its name or address, or its address was proven by someone else first. */
  | { verified: false; reason: 'removed' }
  /** Another account verified the address first: a verified address always wins. */
  | { verified: false; reason: 'addressVerifiedElsewhere' };

/**
 * Consumes the token and marks its user verified in one transaction; the delete's condition makes
 * a second use (even a concurrent one) fail. The link was mailed to the address, so following it
 * proves the address: the user takes the address's marker from whoever holds it unverified (and
 * that registration is removed in the same transaction); if a verified account holds it, nothing
 * happens and the outcome says so.
 */
export const consumeVerificationToken = async (tokenHash: string, now = Date.now()): Promise<VerificationOutcome> => {
  const { Item } = await db.send(
    new GetCommand({ TableName: table(), Key: verificationKey(tokenHash), ConsistentRead: true }),
  );
  if (!Item || (Item['expiresAt'] as number) <= epochSeconds(now)) return { verified: false, reason: 'unknown' };
  const userId = Item['userId'] as string;
  const user = await getUser(userId);
  if (!user) return { verified: false, reason: 'removed' };
  const addressKey = emailKey(user.email);
  const holderId = await holderOf(addressKey);
  const holder = holderId && holderId !== userId ? await getUser(holderId) : undefined;
  if (holder?.verified) return { verified: false, reason: 'addressVerifiedElsewhere' };

  const address =
    holderId === userId
      ? [{ ConditionCheck: { TableName: table(), Key: addressKey, ConditionExpression: 'userId = :me', ExpressionAttributeValues: { ':me': userId } } }]
      : [markerPut({ key: addressKey, type: 'email', ...(holderId ? { replacing: holderId } : {}) }, userId)];
  const removal = holder ? await removalWrites(holder, [addressKey]) : [];
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table(),
              Key: verificationKey(tokenHash),
              ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
              ExpressionAttributeValues: { ':now': epochSeconds(now) },
            },
          },
          {
            Update: {
              TableName: table(),
              Key: userKey(userId),
              UpdateExpression: 'SET verified = :t, verifiedAt = if_not_exists(verifiedAt, :at) REMOVE addressInUse',
              // Only the newest link counts (users from before links were tracked have none named).
              ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(verificationTokenHash) OR verificationTokenHash = :h)',
              ExpressionAttributeValues: { ':t': true, ':at': new Date(now).toISOString(), ':h': tokenHash },
            },
          },
          ...address,
          ...removal,
        ] as never,
      }),
    );
  } catch (error) {
    if (!cancellationReasons(error)) throw error;
    // Lost a race: say what is true now (the address verified by the other side, or the link spent).
    const after = await holderOf(addressKey);
    if (after && after !== userId && (await getUser(after))?.verified) return { verified: false, reason: 'addressVerifiedElsewhere' };
    return { verified: false, reason: (await getUser(userId)) ? 'unknown' : 'removed' };
  }
  return { verified: true, userId };
};

/** Forgets a link before its TTL does (the user it named is being removed). */
export const deleteVerificationToken = async (tokenHash: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: verificationKey(tokenHash) }));
};
