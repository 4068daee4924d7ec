import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from '../../core/data/client';
import { openSecret, sealSecret } from '../../core/data/tenant-secrets';
import type { SecretContext } from '../../core/security/envelope';

/**
 * The secrets that sign an account's H5 hand-offs (../h5-signature.ts), at most two: the newest
 * signs, both verify, so a customer can roll their pages over between two rotations.
 *   H5SECRET#<appid> / H5SECRET   current, currentCreatedAt, previous?, previousCreatedAt?
 * Sealed like the other tenant secrets (src/core/data/tenant-secrets.ts). Both slots share one
 * encryption context, so a rotation moves the sealed value from `current` to `previous` inside
 * DynamoDB (one UpdateItem, no read, no race) instead of opening and resealing it.
 */
export interface H5Secret {
  secret: string;
  createdAt: string;
}

export interface H5Secrets {
  /** Signs every new hand-off. */
  current: H5Secret;
  /** Still accepted by pages until the next rotation. */
  previous?: H5Secret;
}

export const h5SecretKey = (appid: string) => ({ pk: `H5SECRET#${appid}`, sk: 'H5SECRET' });

const contextOf = (appid: string): SecretContext => ({ entity: 'H5SECRET', id: appid, field: 'secret' });

const open = async (appid: string, sealed: unknown, createdAt: unknown): Promise<H5Secret | undefined> => {
  if (typeof sealed !== 'string') return undefined;
  const secret = await openSecret(sealed, contextOf(appid));
  return secret === undefined ? undefined : { secret, createdAt: String(createdAt) };
};

const fromItem = async (appid: string, item: Record<string, unknown>): Promise<H5Secrets | undefined> => {
  const current = await open(appid, item['current'], item['currentCreatedAt']);
  if (!current) return undefined;
  const previous = await open(appid, item['previous'], item['previousCreatedAt']);
  return { current, ...(previous ? { previous } : {}) };
};

export const getH5Secrets = async (appid: string): Promise<H5Secrets | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: h5SecretKey(appid), ConsistentRead: true }));
  return Item ? fromItem(appid, Item) : undefined;
};

/** The account's secrets, the first one made now if it has none (two callers at once keep the one that was written first). */
export const ensureH5Secrets = async (appid: string, make: () => string, now = new Date()): Promise<H5Secrets> => {
  const existing = await getH5Secrets(appid);
  if (existing) return existing;
  const secret = make();
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { ...h5SecretKey(appid), type: 'h5Secret', appid, current: await sealSecret(secret, contextOf(appid)), currentCreatedAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { current: { secret, createdAt: now.toISOString() } };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return (await getH5Secrets(appid))!;
  }
};

/** A new current secret; the current one becomes the previous one, the previous one stops verifying. */
export const rotateH5Secret = async (appid: string, make: () => string, now = new Date()): Promise<H5Secrets> => {
  await ensureH5Secrets(appid, make, now);
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: h5SecretKey(appid),
      UpdateExpression: 'SET previous = #current, previousCreatedAt = currentCreatedAt, #current = :new, currentCreatedAt = :at',
      ConditionExpression: 'attribute_exists(#current)',
      ExpressionAttributeNames: { '#current': 'current' },
      ExpressionAttributeValues: { ':new': await sealSecret(make(), contextOf(appid)), ':at': now.toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return (await fromItem(appid, Attributes!))!;
};
