import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, isConditionFailure, table } from '../../core/data/client';

/**
 * Single-use, expiring states that bind a redirect back from WeChat to whoever started it
 * (third-party authorization, web OAuth). Keyed by the state's SHA-256; the state itself is a
 * 256-bit random value, so it cannot be guessed or forged.
 *   STATE#<sha256 hex> / STATE   purpose, data, expiresAt, ttl
 * A third-party authorization's state also carries its progress (never deleted on the return: the
 * link may complete later, when WeChat's push arrives):
 *   link (started | waiting | linked | refused | failed), codeHash, appid, reason, movedFrom,
 *   phone {codeHash, pairHash, tries} (a return on a phone, waiting for the console's confirmation)
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

export const putState = async (stateHash: string, purpose: string, data: Record<string, unknown>, expiresAt: number, extra: Record<string, unknown> = {}) => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { ...stateKey(stateHash), type: 'state', purpose, data, expiresAt, ttl: expiresAt, ...extra },
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

// ---- third-party authorization: the state as the link's progress ----

/** The purpose of a third-party authorization's state (src/accounts/linking.ts). */
export const linkPurpose = 'component-authorization';

export type LinkProgress = 'started' | 'waiting' | 'linked' | 'refused' | 'failed';

export interface LinkState {
  stateHash: string;
  data: Record<string, unknown>;
  expiresAt: number;
  link: LinkProgress;
  codeHash?: string;
  appid?: string;
  reason?: string;
  movedFrom?: string;
  phone?: { codeHash: string; pairHash: string; tries: number };
}

/** The state (any progress) while it has not expired; undefined when unknown, expired or for another purpose. */
export const readLinkState = async (stateHash: string, purpose: string, now = Date.now()): Promise<LinkState | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: stateKey(stateHash), ConsistentRead: true }));
  if (!Item || Item['purpose'] !== purpose || (Item['expiresAt'] as number) <= epochSeconds(now)) return undefined;
  return {
    stateHash,
    data: Item['data'] as Record<string, unknown>,
    expiresAt: Item['expiresAt'] as number,
    link: (Item['link'] as LinkProgress | undefined) ?? 'started',
    ...(Item['codeHash'] ? { codeHash: Item['codeHash'] as string } : {}),
    ...(Item['appid'] ? { appid: Item['appid'] as string } : {}),
    ...(Item['reason'] ? { reason: Item['reason'] as string } : {}),
    ...(Item['movedFrom'] ? { movedFrom: Item['movedFrom'] as string } : {}),
    ...(Item['phone'] ? { phone: Item['phone'] as LinkState['phone'] } : {}),
  };
};

const update = async (stateHash: string, set: Record<string, unknown>, condition: string, values: Record<string, unknown> = {}): Promise<boolean> => {
  const names = Object.keys(set);
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: stateKey(stateHash),
        UpdateExpression: `SET ${names.map((_, i) => `#s${i} = :s${i}`).join(', ')}`,
        ConditionExpression: `attribute_exists(pk) AND (${condition})`,
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((n, i) => [`#s${i}`, n])), '#link': 'link' },
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:s${i}`, set[n]])), ...values },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

const notStarted = 'attribute_not_exists(#link) OR #link = :started';

/**
 * The starting session came back with this code: the state now waits for it (and only it). False
 * when the state already holds another code or has ended.
 */
export const markWaiting = (stateHash: string, codeHash: string): Promise<boolean> =>
  update(stateHash, { link: 'waiting', codeHash }, `${notStarted} OR (#link = :waiting AND codeHash = :code)`, {
    ':started': 'started',
    ':waiting': 'waiting',
    ':code': codeHash,
  });

/** A return on a phone: the code it brought, and the hash of the confirmation code the console must type. Once. */
export const markPhoneReturn = (stateHash: string, phone: { codeHash: string; pairHash: string }): Promise<boolean> =>
  update(stateHash, { phone: { ...phone, tries: 0 } }, `(${notStarted}) AND attribute_not_exists(phone)`, { ':started': 'started' });

/** One wrong confirmation code counted (optimistic on the count seen, so concurrent tries all count). */
export const countPhoneTry = async (stateHash: string, seen: number): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: stateKey(stateHash),
        UpdateExpression: 'SET phone.tries = :next',
        ConditionExpression: 'phone.tries = :seen',
        ExpressionAttributeValues: { ':seen': seen, ':next': seen + 1 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The end of the link, once: linked (with the appid), refused or failed (with why). */
export const endLink = (stateHash: string, outcome: { link: 'linked' | 'refused' | 'failed'; appid?: string; reason?: string; movedFrom?: string }): Promise<boolean> =>
  update(stateHash, Object.fromEntries(Object.entries(outcome).filter(([, v]) => v !== undefined)), `${notStarted} OR #link = :waiting`, {
    ':started': 'started',
    ':waiting': 'waiting',
  });
