import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, queryAll, table } from './client';
import { tableDesign } from './table-design';

/**
 * Sessions, keyed by the SHA-256 of the token: the table never holds a usable token.
 *   SESSION#<sha256 hex> / SESSION   userId, username, createdAt, expiresAt, ttl, userAgent?, ip?, orgId?
 *     gsi1: SESSIONS#<userId> / <createdAt>#<sha256 hex>   (a user's sessions, oldest first)
 */
export interface Session {
  tokenHash: string;
  userId: string;
  username: string;
  createdAt: string;
  /** Epoch seconds; also the TTL attribute. */
  expiresAt: number;
  /** The browser or client that logged in, as it named itself (for the sessions list). */
  userAgent?: string;
  /** The address it logged in from. */
  ip?: string;
  /**
   * The organization a request of this session acts in when it names none (the user's default at
   * login): read with the session, so resolving it costs no request of its own.
   */
  orgId?: string;
}

export const sessionKey = (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' });

/** The index entry that lists a user's sessions. */
export const userSessionsKey = (userId: string) => ({ gsi1pk: `SESSIONS#${userId}` });

/** A user agent is the client's own text: kept short. */
const userAgentMaxLength = 256;

export const putSession = async (session: Session): Promise<void> => {
  const userAgent = session.userAgent?.slice(0, userAgentMaxLength);
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...sessionKey(session.tokenHash),
        ...userSessionsKey(session.userId),
        gsi1sk: `${session.createdAt}#${session.tokenHash}`,
        type: 'session',
        ...session,
        ...(userAgent ? { userAgent } : {}),
        ttl: session.expiresAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/**
 * A user's live sessions, oldest first. Sessions from before the index existed are not listed
 * (they expire within a week); TTL deletion lags, so expired ones are left out here too.
 */
export const listUserSessions = async (userId: string, now = Date.now()): Promise<Session[]> => {
  const items = await queryAll({
    TableName: table(),
    IndexName: tableDesign.indexes.gsi1.name,
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': userSessionsKey(userId).gsi1pk },
  });
  return items
    .filter((item) => (item['expiresAt'] as number) > epochSeconds(now))
    .map((item) => ({
      tokenHash: item['tokenHash'] as string,
      userId: item['userId'] as string,
      username: item['username'] as string,
      createdAt: item['createdAt'] as string,
      expiresAt: item['expiresAt'] as number,
      ...(item['userAgent'] ? { userAgent: item['userAgent'] as string } : {}),
      ...(item['ip'] ? { ip: item['ip'] as string } : {}),
    }));
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
    ...(Item['orgId'] ? { orgId: Item['orgId'] as string } : {}),
  };
};

export const deleteSession = async (tokenHash: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: sessionKey(tokenHash) }));
};
