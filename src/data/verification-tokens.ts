import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, epochSeconds, table } from './client';
import { userKey } from './users';

/**
 * E-mail verification tokens, keyed by the token's SHA-256, single use.
 *   VERIFY#<sha256 hex> / VERIFY   userId, expiresAt, ttl
 */
export const verificationKey = (tokenHash: string) => ({ pk: `VERIFY#${tokenHash}`, sk: 'VERIFY' });

export const putVerificationToken = async (tokenHash: string, userId: string, expiresAt: number): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...verificationKey(tokenHash), type: 'verification', userId, expiresAt, ttl: expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
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
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':t': true, ':at': new Date(now).toISOString() },
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
