import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, isConditionFailure, table } from '../../core/data/client';
import { openSecret, sealSecret } from '../../core/data/tenant-secrets';

/**
 * Where WeChat's `authorized` push and the starting session's return meet, by the authorization
 * code's SHA-256. Either may come first (WeChat's push can trail the browser by minutes); each
 * writes its half and reads the whole, so whichever comes second sees both and completes the link.
 *   AUTHGRANT#<sha256 of auth_code> / AUTHGRANT
 *     from the push:   preAuthHash, appid, code (sealed: the push is the only place we keep it)
 *     from the returns: stateHashes (a string set: a leaked code brought back with another state
 *       must not block the genuine return; the push's pre_auth_code tells which one is right)
 *     claimedAt: the one completion (api_query_auth spends the code)
 *     ttl: the code's expiry (WeChat: AuthorizationCodeExpiredTime), or the state's
 */
const key = (codeHash: string) => ({ pk: `AUTHGRANT#${codeHash}`, sk: 'AUTHGRANT' });
const codeContext = (codeHash: string) => ({ entity: 'AUTHGRANT', id: codeHash, field: 'code' });

export interface AuthGrant {
  codeHash: string;
  /** Set once WeChat's push arrived. */
  preAuthHash?: string;
  appid?: string;
  code?: string;
  /** The states whose starting sessions came back with this code (one is genuine at most). */
  stateHashes: string[];
  claimed: boolean;
}

const fromItem = async (codeHash: string, item: Record<string, unknown>): Promise<AuthGrant> => ({
  codeHash,
  ...(item['preAuthHash'] ? { preAuthHash: item['preAuthHash'] as string, appid: item['appid'] as string } : {}),
  ...(typeof item['code'] === 'string' ? { code: await openSecret(item['code'], codeContext(codeHash)) } : {}),
  stateHashes: item['stateHashes'] instanceof Set ? [...(item['stateHashes'] as Set<string>)] : [],
  claimed: item['claimedAt'] !== undefined,
});

/** WeChat's word: the code was issued on the page of this pre_auth_code, for this account. Answers the item as it now is. */
export const recordPush = async (codeHash: string, push: { preAuthHash: string; appid: string; code: string }, expiresAt: number): Promise<AuthGrant> => {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key(codeHash),
      UpdateExpression: 'SET #type = :type, preAuthHash = :pre, appid = :appid, code = :code, #ttl = if_not_exists(#ttl, :ttl)',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':type': 'authGrant',
        ':pre': push.preAuthHash,
        ':appid': push.appid,
        ':code': await sealSecret(push.code, codeContext(codeHash)),
        ':ttl': expiresAt,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromItem(codeHash, Attributes!);
};

/** A starting session came back with this code, for this state. Answers the item as it now is. */
export const recordReturn = async (codeHash: string, stateHash: string, expiresAt: number): Promise<AuthGrant> => {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key(codeHash),
      UpdateExpression: 'SET #type = :type, #ttl = if_not_exists(#ttl, :ttl) ADD stateHashes :state',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':type': 'authGrant', ':state': new Set([stateHash]), ':ttl': expiresAt },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromItem(codeHash, Attributes!);
};

/** The one completion of a code (push and return may both see both halves): true for the first caller only. */
export const claimGrant = async (codeHash: string, now = Date.now()): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(codeHash),
        UpdateExpression: 'SET claimedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(claimedAt)',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export const readAuthGrant = async (codeHash: string, now = Date.now()): Promise<AuthGrant | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key(codeHash), ConsistentRead: true }));
  if (!Item || (Item['ttl'] as number) <= epochSeconds(now)) return undefined;
  return fromItem(codeHash, Item);
};
