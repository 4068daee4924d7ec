import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, epochSeconds, queryAll, table } from '../../core/data/client';
import { tableDesign } from '../../core/data/table-design';

/**
 * One-time links mailed about a user's own account (password reset, confirming a new e-mail
 * address, reverting an e-mail change), keyed by the SHA-256 of the mailed token, so the table
 * never holds a usable link:
 *   LINK#<sha256 hex> / LINK   purpose, userId, expiresAt, ttl, data?
 *     gsi1: LINKS#<userId> / <sha256 hex>   (a user's links: deleting the user ends them too)
 * Consuming one deletes it under a condition in the same transaction as its effect: a second use,
 * even a concurrent one, finds nothing.
 */
export type LinkPurpose = 'reset' | 'email' | 'revert';

export interface UserLink {
  tokenHash: string;
  purpose: LinkPurpose;
  userId: string;
  /** Epoch seconds; also the TTL attribute. */
  expiresAt: number;
  data: Record<string, string>;
}

export const userLinkKey = (tokenHash: string) => ({ pk: `LINK#${tokenHash}`, sk: 'LINK' });

export const putUserLink = async (link: UserLink): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...userLinkKey(link.tokenHash), gsi1pk: `LINKS#${link.userId}`, gsi1sk: link.tokenHash, type: 'userLink', ...link, ttl: link.expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/** The live link of that purpose, or undefined when unknown, used, expired or of another purpose. */
export const getUserLink = async (tokenHash: string, purpose: LinkPurpose, now = Date.now()): Promise<UserLink | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: userLinkKey(tokenHash), ConsistentRead: true }));
  if (!Item || Item['purpose'] !== purpose || (Item['expiresAt'] as number) <= epochSeconds(now)) return undefined;
  return {
    tokenHash,
    purpose,
    userId: Item['userId'] as string,
    expiresAt: Item['expiresAt'] as number,
    data: (Item['data'] as Record<string, string> | undefined) ?? {},
  };
};

/** Thrown when a write joined to the link's consumption failed its own condition (`index` into `alsoWrite`). */
export class LinkEffectRefused extends Error {
  override name = 'LinkEffectRefused';
  constructor(readonly index: number) {
    super(`write ${index} joined to the link refused`);
  }
}

/**
 * Spends the link and commits `alsoWrite` (its effect) in one transaction. Answers false when the
 * link was spent or expired meanwhile; throws LinkEffectRefused when one of the effect's own
 * conditions failed (nothing is written then, and the link stays usable).
 */
export const consumeUserLink = async (link: UserLink, alsoWrite: Record<string, unknown>[], now = Date.now()): Promise<boolean> => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table(),
              Key: userLinkKey(link.tokenHash),
              ConditionExpression: 'attribute_exists(pk) AND purpose = :p AND expiresAt > :now',
              ExpressionAttributeValues: { ':p': link.purpose, ':now': epochSeconds(now) },
            },
          },
          ...alsoWrite,
        ] as never,
      }),
    );
    return true;
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    if (reasons[0] === 'ConditionalCheckFailed') return false;
    const refused = reasons.findIndex((r, i) => i > 0 && r === 'ConditionalCheckFailed');
    if (refused > 0) throw new LinkEffectRefused(refused - 1);
    throw error;
  }
};

/** Forgets a link before its TTL does (a pending e-mail change reverted, a user deleted). */
export const deleteUserLink = async (tokenHash: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: userLinkKey(tokenHash) }));
};

/** The hashes of a user's links still stored (spent ones are gone; expired ones until TTL removes them). */
export const listUserLinkHashes = async (userId: string): Promise<string[]> =>
  (
    await queryAll({
      TableName: table(),
      IndexName: tableDesign.indexes.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `LINKS#${userId}` },
    })
  ).map((item) => item['tokenHash'] as string);
