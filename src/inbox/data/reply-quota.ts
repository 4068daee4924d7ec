import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from '../../core/data/client';
import type { Grant, Scene } from '../reply-quota';

/**
 * A follower's customer-service quota (src/inbox/reply-quota.ts has WeChat's rule): one item per
 * (account, follower), fed from what the callback records by the record stream's plug-in
 * (src/records/reply-quota.ts) and spent by each customer-service send.
 *   REPLYQUOTA#<appid>#<openid> / REPLYQUOTA
 *     msg<at> / evt<at>: { scene, by, at, until, limit, used }   one attribute per opening action
 *     appid, openid, ttl (a day after the newest grant closes)
 * A grant is its own attribute, named by the action's time, so feeding is order-free and needs no
 * condition (`if_not_exists`: a record delivered late or twice changes nothing), and spending is
 * one conditional update of that attribute (`used < limit`): two sends can't take the last one.
 */
export const quotaPk = (appid: string, openid: string) =>
  `REPLYQUOTA#${appid}#${openid.length <= 128 ? openid : `sha256:${createHash('sha256').update(openid, 'utf8').digest('hex')}`}`;
const quotaSk = 'REPLYQUOTA';
const keyOf = (appid: string, openid: string) => ({ pk: quotaPk(appid, openid), sk: quotaSk });

/** How long the item outlives its newest grant (readers check `until` themselves). */
const keepSeconds = 86_400;

export const grantAttribute = (grant: Pick<Grant, 'scene' | 'at'>) => `${grant.scene === 'message' ? 'msg' : 'evt'}${grant.at}`;
const attributePattern = /^(msg|evt)\d+$/;

const toGrant = (value: Record<string, any>): Grant | undefined => {
  const scene = value['scene'] as Scene;
  if (scene !== 'message' && scene !== 'event') return undefined;
  return { scene, by: String(value['by'] ?? scene), at: Number(value['at']), until: Number(value['until']), limit: Number(value['limit']), used: Number(value['used'] ?? 0) };
};

export interface StoredQuota {
  /** Whether the item exists: the feed has seen this follower act (within the item's life). */
  exists: boolean;
  grants: Grant[];
  ttl?: number;
}

export const readQuota = async (appid: string, openid: string): Promise<StoredQuota> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: keyOf(appid, openid), ConsistentRead: true }));
  if (!Item) return { exists: false, grants: [] };
  const grants = Object.entries(Item)
    .filter(([name, value]) => attributePattern.test(name) && value && typeof value === 'object')
    .map(([, value]) => toGrant(value as Record<string, any>))
    .filter((g): g is Grant => g !== undefined);
  return { exists: true, grants, ...(typeof Item['ttl'] === 'number' ? { ttl: Item['ttl'] } : {}) };
};

/** An update in the document client's transaction shape, without TableName (the record consumer's TableWrite). */
export interface QuotaUpdate {
  Update: {
    Key: Record<string, string>;
    UpdateExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  };
}

/**
 * The write that opens `grant` for the follower, given what the item held: none when a grant of
 * the same scene as new or newer is there (a late or repeated record). Older grants of the scene
 * are removed (superseded).
 */
export const feedWrite = (appid: string, openid: string, grant: Grant, stored: StoredQuota): QuotaUpdate | undefined => {
  const sameScene = stored.grants.filter((g) => g.scene === grant.scene);
  if (sameScene.some((g) => g.at >= grant.at)) return undefined;
  const names: Record<string, string> = { '#g': grantAttribute(grant), '#ttl': 'ttl' };
  sameScene.forEach((g, i) => (names[`#old${i}`] = grantAttribute(g)));
  const ttl = Math.max(stored.ttl ?? 0, grant.until + keepSeconds);
  return {
    Update: {
      Key: keyOf(appid, openid),
      UpdateExpression: `SET #g = if_not_exists(#g, :grant), appid = :appid, openid = :openid, #type = :type, #ttl = :ttl${sameScene.length ? ` REMOVE ${sameScene.map((_, i) => `#old${i}`).join(', ')}` : ''}`,
      ExpressionAttributeNames: { ...names, '#type': 'type' },
      ExpressionAttributeValues: { ':grant': grant, ':appid': appid, ':openid': openid, ':type': 'replyQuota', ':ttl': ttl },
    },
  };
};

/**
 * Takes one send from `grant`: 'spent', or 'conflict' when the item changed under us (the last
 * one taken by another send, or the grant not there / there already) — read again and decide
 * again. `create`: the grant is known from the inbox or the message itself but the feed has not
 * written it yet (the stream lags the callback by a moment): it is written with this send in it.
 */
export const spendGrant = async (appid: string, openid: string, grant: Grant, create: boolean): Promise<'spent' | 'conflict'> => {
  const common = { TableName: table(), Key: keyOf(appid, openid) };
  try {
    if (create) {
      await db.send(
        new UpdateCommand({
          ...common,
          UpdateExpression: 'SET #g = :grant, appid = :appid, openid = :openid, #type = :type, #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(#g)',
          ExpressionAttributeNames: { '#g': grantAttribute(grant), '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':grant': { ...grant, used: 1 }, ':appid': appid, ':openid': openid, ':type': 'replyQuota', ':ttl': grant.until + keepSeconds },
        }),
      );
    } else {
      await db.send(
        new UpdateCommand({
          ...common,
          UpdateExpression: 'SET #g.#used = #g.#used + :one',
          ConditionExpression: 'attribute_exists(#g) AND #g.#used < #g.#limit',
          ExpressionAttributeNames: { '#g': grantAttribute(grant), '#used': 'used', '#limit': 'limit' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    }
    return 'spent';
  } catch (error) {
    if (isConditionFailure(error)) return 'conflict';
    throw error;
  }
};

/** Gives a send back when WeChat refused it for a reason of its own (it was not delivered). */
export const refundGrant = async (appid: string, openid: string, grant: Pick<Grant, 'scene' | 'at'>): Promise<void> => {
  await db
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(appid, openid),
        UpdateExpression: 'SET #g.#used = #g.#used - :one',
        ConditionExpression: 'attribute_exists(#g) AND #g.#used > :zero',
        ExpressionAttributeNames: { '#g': grantAttribute(grant), '#used': 'used' },
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
};

/**
 * WeChat knows better (45047: nothing left; 45015: no live quota, or the follower unfollowed):
 * the live grants are written as WeChat sees them, so the next send is refused before WeChat.
 */
export const settleGrants = async (appid: string, openid: string, grants: readonly Grant[], outcome: 'usedUp' | 'closed', now: number): Promise<void> => {
  if (grants.length === 0) return;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = grants.map((g, i) => {
    names[`#g${i}`] = grantAttribute(g);
    values[`:g${i}`] = outcome === 'usedUp' ? { ...g, used: g.limit } : { ...g, until: Math.min(g.until, now - 1) };
    return `#g${i} = :g${i}`;
  });
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: keyOf(appid, openid),
      UpdateExpression: `SET ${sets.join(', ')}, appid = :appid, openid = :openid, #type = :type, #ttl = if_not_exists(#ttl, :ttl)`,
      ExpressionAttributeNames: { ...names, '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ...values, ':appid': appid, ':openid': openid, ':type': 'replyQuota', ':ttl': Math.max(...grants.map((g) => g.until)) + keepSeconds },
    }),
  );
};
