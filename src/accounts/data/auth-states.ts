import { randomBytes } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, table } from '../../core/data/client';

/**
 * Single-use, expiring states that bind a redirect back from WeChat to whoever started it
 * (third-party authorization, web OAuth). Keyed by the state's SHA-256; the state itself is a
 * 256-bit random value, so it cannot be guessed or forged.
 *   STATE#<sha256 hex> / STATE   purpose, data, expiresAt, ttl
 */
/**
 * A new state: 256 random bits as 64 hex digits. WeChat's web OAuth takes only `[a-zA-Z0-9]`, at most
 * 128 bytes ("开发者可以填写a-zA-Z0-9的参数值，最多128字节", 网页授权); base64url's `-` and `_` would stop
 * the follower at WeChat's error page. Used for every state so one rule holds for all.
 */
export const newState = (): string => randomBytes(32).toString('hex');

/** What WeChat's web OAuth gives back as `state`: anything else cannot be one of ours. */
export const statePattern = /^[A-Za-z0-9]{1,128}$/;

export const stateKey = (stateHash: string) => ({ pk: `STATE#${stateHash}`, sk: 'STATE' });

export const putState = async (stateHash: string, purpose: string, data: Record<string, unknown>, expiresAt: number) => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...stateKey(stateHash), type: 'state', purpose, data, expiresAt, ttl: expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/** Deletes the state and answers its data, once; undefined when unknown, used, expired or for another purpose. */
export const consumeState = async (
  stateHash: string,
  purpose: string,
  now = Date.now(),
): Promise<Record<string, unknown> | undefined> => {
  const { Attributes } = await db.send(
    new DeleteCommand({ TableName: table(), Key: stateKey(stateHash), ReturnValues: 'ALL_OLD' }),
  );
  if (!Attributes || Attributes['purpose'] !== purpose || (Attributes['expiresAt'] as number) <= epochSeconds(now)) {
    return undefined;
  }
  return Attributes['data'] as Record<string, unknown>;
};
