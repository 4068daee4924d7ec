import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, isConditionFailure, table } from '../../core/data/client';
import { openSecret, sealSecret, tokenSecretContext } from '../../core/data/tenant-secrets';
import { hashToken } from '../../core/security/tokens';

/**
 * What api_query_auth answered for one of the release test's authorization codes. The code is
 * single-use (WeChat answers 61010 once it is spent), so the authorizer token it bought is kept
 * until the customer-service message it is for has gone out: a retried send reuses it instead of
 * spending the code again. One worker at a time exchanges a code (a lease by conditional write).
 *   TOKEN#releasetest#<appid> / CODE#<sha256 of the code>
 *     value (the authorizer access token, sealed), expiresAt (ms), ttl (s, DynamoDB deletes it after)
 *     while a worker calls api_query_auth: leaseOwner, leaseUntil (ms)
 * Under TOKEN# with no gsi1 keys: the token's own entity, and the scheduled refresher never lists it.
 */
const kind = 'releasetest';

const keyOf = (appid: string, code: string) => ({ pk: `TOKEN#${kind}#${appid}`, sk: `CODE#${hashToken(code)}` });

/** A lease item outlives any retry of its message; the authorization code itself lasts 600 s. */
const leaseItemTtlSeconds = 3600;

export type QueryAuthClaim =
  /** api_query_auth answered before: its token, still valid. */
  | { kind: 'stored'; token: string }
  /** This worker may call api_query_auth now (and must store or release). */
  | { kind: 'claimed' }
  /** Another worker is calling it right now. */
  | { kind: 'busy' }
  /** The code was spent and the token it bought has expired: nothing can be sent any more. */
  | { kind: 'spent' };

export const claimQueryAuth = async (appid: string, code: string, owner: string, now: number, leaseMs: number): Promise<QueryAuthClaim> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(appid, code),
        UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, #ttl = if_not_exists(#ttl, :ttl)',
        ConditionExpression: 'attribute_not_exists(#v) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner)',
        ExpressionAttributeNames: { '#v': 'value', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now, ':ttl': Math.floor(now / 1000) + leaseItemTtlSeconds },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { kind: 'claimed' };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const wire = (error as { Item?: Record<string, any> }).Item;
    const old = wire ? unmarshall(wire) : undefined;
    if (typeof old?.['value'] !== 'string') return { kind: 'busy' };
    if (Number(old['expiresAt'] ?? 0) <= now) return { kind: 'spent' };
    const token = await openSecret(old['value'], tokenSecretContext(kind, appid));
    return token === undefined ? { kind: 'spent' } : { kind: 'stored', token };
  }
};

/** Keeps what api_query_auth answered and ends the lease; whoever holds it now, this token is the only one the code bought. */
export const storeQueryAuth = async (appid: string, code: string, token: string, expiresAt: number): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: keyOf(appid, code),
      UpdateExpression: 'SET #v = :v, expiresAt = :e, #ttl = :ttl REMOVE leaseOwner, leaseUntil',
      ExpressionAttributeNames: { '#v': 'value', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':v': await sealSecret(token, tokenSecretContext(kind, appid)),
        ':e': expiresAt,
        ':ttl': Math.ceil(expiresAt / 1000),
      },
    }),
  );
};

/** api_query_auth failed before answering a token: the next delivery may try again. */
export const releaseQueryAuth = async (appid: string, code: string, owner: string): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(appid, code),
        UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};
