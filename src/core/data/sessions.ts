import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, table } from './client';

/**
 * Sessions, keyed by the SHA-256 of the token: the table never holds a usable token.
 *   SESSION#<sha256 hex> / SESSION   userId, username, expiresAt, ttl
 */
export interface Session {
  tokenHash: string;
  userId: string;
  username: string;
  createdAt: string;
  /** Epoch seconds; also the TTL attribute. */
  expiresAt: number;
}

export const sessionKey = (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' });

export const putSession = async (session: Session): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...sessionKey(session.tokenHash), type: 'session', ...session, ttl: session.expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/** The live session, or undefined when unknown or expired (TTL deletion lags, so check). */
export const getLiveSession = async (tokenHash: string, now = Date.now()): Promise<Session | undefined> => {
  const { Item } = await db.send(
    new GetCommand({ TableName: table(), Key: sessionKey(tokenHash), ConsistentRead: true }),
  );
  if (!Item || (Item['expiresAt'] as number) <= epochSeconds(now)) return undefined;
  return {
    tokenHash,
    userId: Item['userId'] as string,
    username: Item['username'] as string,
    createdAt: Item['createdAt'] as string,
    expiresAt: Item['expiresAt'] as number,
  };
};

export const deleteSession = async (tokenHash: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: sessionKey(tokenHash) }));
};
