import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, epochSeconds, table } from '../../core/data/client';
import { userKey } from './users';

/**
 * E-mail verification tokens, keyed by the token's SHA-256, single use.
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

/**
 * Consumes the token and marks its user verified in one transaction; the delete's condition makes
 * a second use (even a concurrent one) fail. Answers the user id, or undefined when the token is
 * unknown, used or expired.
 */
export const consumeVerificationToken = async (tokenHash: string, now = Date.now()): Promise<string | undefined> => {
  const { Item } = await db.send(
    new GetCommand({ TableName: table(), Key: verificationKey(tokenHash), ConsistentRead: true }),
  );
  if (!Item || (Item['expiresAt'] as number) <= epochSeconds(now)) return undefined;
  const userId = Item['userId'] as string;
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
              UpdateExpression: 'SET verified = :t, verifiedAt = if_not_exists(verifiedAt, :at)',
              // Only the newest link counts (users from before links were tracked have none named).
              ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(verificationTokenHash) OR verificationTokenHash = :h)',
              ExpressionAttributeValues: { ':t': true, ':at': new Date(now).toISOString(), ':h': tokenHash },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (cancellationReasons(error)) return undefined;
    throw error;
  }
  return userId;
};

/** Forgets a link before its TTL does (the user it named is being removed). */
export const deleteVerificationToken = async (tokenHash: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: verificationKey(tokenHash) }));
};
