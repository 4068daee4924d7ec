import { GetCommand, PutCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from './client';
import type { LockoutState } from '../users/lockout';

/**
 * Failed-login counters per username (known or not, so lock-out reveals nothing).
 *   LOGINFAIL#<lower username> / LOGINFAIL   failures, windowStart, lockedUntil, version, ttl
 * Writes are optimistic (version check) so concurrent failures all count.
 */
export const loginFailureKey = (username: string) => ({ pk: `LOGINFAIL#${username.toLowerCase()}`, sk: 'LOGINFAIL' });

export interface StoredLockout {
  state: LockoutState;
  version: number;
}

export const getLockout = async (username: string): Promise<StoredLockout | undefined> => {
  const { Item } = await db.send(
    new GetCommand({ TableName: table(), Key: loginFailureKey(username), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return {
    state: {
      failures: Item['failures'] as number,
      windowStart: Item['windowStart'] as number,
      lockedUntil: Item['lockedUntil'] as number,
    },
    version: Item['version'] as number,
  };
};

/** Writes the next state if nobody wrote since `previousVersion` was read; false when someone did. */
export const putLockout = async (
  username: string,
  state: LockoutState,
  previousVersion: number | undefined,
  ttl: number,
): Promise<boolean> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { ...loginFailureKey(username), type: 'loginFailures', ...state, version: (previousVersion ?? 0) + 1, ttl },
        ...(previousVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': previousVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export const clearLockout = async (username: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: loginFailureKey(username) }));
};
