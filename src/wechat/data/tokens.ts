import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableDesign } from '../../core/data/table-design';
import { db, isConditionFailure, queryAll, table } from '../../core/data/client';
import { openSecret, sealSecret, tokenSecretContext } from '../../core/data/tenant-secrets';

/**
 * WeChat credentials the platform holds: component_access_token, authorizer and direct-mode
 * access tokens, jsapi tickets. One item each, with a refresh lease so that containers refreshing
 * at once do not invalidate each other's tokens:
 *   TOKEN#<kind>#<appid> / TOKEN   value, expiresAt (ms), leaseOwner, leaseUntil (ms)
 *   gsi1pk TOKENS, gsi1sk <expiresAt, zero-padded>  — the scheduled refresher finds what expires soon.
 */
export type TokenKind = 'component' | 'authorizer' | 'direct' | 'jsapi';

export interface TokenRef {
  kind: TokenKind;
  /** The component appid for kind 'component', else the official account's appid. */
  appid: string;
}

export interface StoredToken {
  value?: string;
  expiresAt?: number;
  leaseOwner?: string;
  leaseUntil?: number;
}

export const tokenKey = (ref: TokenRef) => ({ pk: `TOKEN#${ref.kind}#${ref.appid}`, sk: 'TOKEN' });

const gsi = tableDesign.indexes.gsi1;
const expirySortKey = (expiresAt: number) => String(expiresAt).padStart(15, '0');

/** The stored token with its value in plaintext (stored sealed; without a key the value is left out). */
export const readToken = async (ref: TokenRef): Promise<StoredToken | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: tokenKey(ref), ConsistentRead: true }));
  if (!Item) return undefined;
  const { value, ...rest } = Item as StoredToken;
  if (value === undefined) return rest;
  const plain = await openSecret(value, tokenSecretContext(ref.kind, ref.appid));
  return plain === undefined ? rest : { ...rest, value: plain };
};

/** Takes the refresh lease unless someone else holds a live one. */
export const takeLease = async (ref: TokenRef, owner: string, now: number, leaseMs: number): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: tokenKey(ref),
        UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, tokenKind = :kind, appid = :appid',
        ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now, ':kind': ref.kind, ':appid': ref.appid },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/**
 * Writes a token; with `leaseOwner`, only while that owner holds the lease, which it gives back in
 * the same write.
 */
const writeToken = async (ref: TokenRef, value: string, expiresAt: number, leaseOwner?: string): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: tokenKey(ref),
      UpdateExpression:
        'SET #v = :v, expiresAt = :e, tokenKind = :kind, appid = :appid, #gpk = :gpk, #gsk = :gsk' +
        (leaseOwner ? ' REMOVE leaseOwner, leaseUntil' : ''),
      ...(leaseOwner ? { ConditionExpression: 'attribute_not_exists(leaseOwner) OR leaseOwner = :owner' } : {}),
      ExpressionAttributeNames: { '#v': 'value', '#gpk': gsi.partitionKey, '#gsk': gsi.sortKey },
      ExpressionAttributeValues: {
        ':v': await sealSecret(value, tokenSecretContext(ref.kind, ref.appid)),
        ':e': expiresAt,
        ':kind': ref.kind,
        ':appid': ref.appid,
        ':gpk': 'TOKENS',
        ':gsk': expirySortKey(expiresAt),
        ...(leaseOwner ? { ':owner': leaseOwner } : {}),
      },
    }),
  );
};

/** Stores a fresh token and gives the lease back, in one write. */
export const storeToken = (ref: TokenRef, owner: string, value: string, expiresAt: number): Promise<void> =>
  writeToken(ref, value, expiresAt, owner);

export const releaseLease = async (ref: TokenRef, owner: string): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: tokenKey(ref),
        UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

/** Tokens that expire before `before` (ms), soonest first. */
export const listTokensExpiringBefore = async (before: number): Promise<TokenRef[]> =>
  (
    await queryAll({
      TableName: table(),
      IndexName: gsi.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :before',
      ExpressionAttributeNames: { '#pk': gsi.partitionKey, '#sk': gsi.sortKey },
      ExpressionAttributeValues: { ':pk': 'TOKENS', ':before': expirySortKey(before) },
    })
  ).map((item) => ({ kind: item['tokenKind'] as TokenKind, appid: item['appid'] as string }));

/**
 * Claims the account's one forced refresh per `spacingMs` (stable_token's 30 s rule), across
 * containers: a conditional write of `forcedAt` on the token item. Answers 0 when claimed, else
 * how long until the next one may be made.
 */
export const claimForcedRefresh = async (ref: TokenRef, now: number, spacingMs: number): Promise<number> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: tokenKey(ref),
        UpdateExpression: 'SET forcedAt = :now',
        ConditionExpression: 'attribute_not_exists(forcedAt) OR forcedAt <= :cutoff',
        ExpressionAttributeValues: { ':now': now, ':cutoff': now - spacingMs },
      }),
    );
    return 0;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const item = await readToken(ref);
    return Math.max(1, ((item as { forcedAt?: number } | undefined)?.forcedAt ?? now) + spacingMs - now);
  }
};

/** Stores a token WeChat handed over outside a refresh (authorization, binding). */
export const putToken = (ref: TokenRef, value: string, expiresAt: number): Promise<void> => writeToken(ref, value, expiresAt);

/** Forgets an account's tokens (after WeChat says it was unauthorized). */
export const deleteTokens = async (refs: TokenRef[]): Promise<void> => {
  await Promise.all(refs.map((ref) => db.send(new DeleteCommand({ TableName: table(), Key: tokenKey(ref) }))));
};
