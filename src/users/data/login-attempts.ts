import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StorageBusy } from '../../core/data/errors';
import { db, isConditionFailure, table } from '../../core/data/client';
import { lockoutPolicy } from '../lockout';

/**
 * Login attempts per username (known or not, so lock-out reveals nothing).
 *   LOGINFAIL#<lower username> / LOGINFAIL   attempts, windowStart, lockedUntil, ttl
 * An attempt is counted (one atomic ADD) BEFORE its password is checked, so parallel attempts
 * cannot all slip past the count: at most `maxFailures` of a window are ever evaluated.
 */
export const loginFailureKey = (username: string) => ({ pk: `LOGINFAIL#${username.toLowerCase()}`, sk: 'LOGINFAIL' });

export type AttemptClaim = { attempt: number } | { lockedFor: number };

const ttlFrom = (now: number) => now + lockoutPolicy.windowSeconds + lockoutPolicy.lockSeconds + 60;

/**
 * Counts one attempt in the current window and answers its number, or how long the username is
 * still locked. A window that has run out, or a lock that has ended, starts a fresh count.
 */
export const claimAttempt = async (username: string, now: number): Promise<AttemptClaim> => {
  const key = loginFailureKey(username);
  for (let round = 0; round < 5; round++) {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: table(),
          Key: key,
          UpdateExpression:
            'SET #type = :type, windowStart = if_not_exists(windowStart, :now), lockedUntil = if_not_exists(lockedUntil, :zero), #ttl = :ttl ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(pk) OR (windowStart > :floor AND lockedUntil <= :now)',
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':type': 'loginFailures',
            ':now': now,
            ':zero': 0,
            ':one': 1,
            ':ttl': ttlFrom(now),
            ':floor': now - lockoutPolicy.windowSeconds,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { attempt: Attributes!['attempts'] as number };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
    if (!Item) continue;
    const lockedUntil = Item['lockedUntil'] as number;
    if (lockedUntil > now) return { lockedFor: lockedUntil - now };
    // The window or the lock is over: start afresh, unless a concurrent attempt already did.
    try {
      await db.send(
        new PutCommand({
          TableName: table(),
          Item: { ...key, type: 'loginFailures', attempts: 0, windowStart: now, lockedUntil: 0, ttl: ttlFrom(now) },
          ConditionExpression: 'windowStart = :ws AND lockedUntil = :lu',
          ExpressionAttributeValues: { ':ws': Item['windowStart'], ':lu': lockedUntil },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  // Contention this heavy on one username is a burst: not counted means not evaluated, so the retry is safe.
  throw new StorageBusy('too many login attempts for this username at once: repeat after Retry-After seconds');
};

/** Locks the username until `until` (a later lock is never shortened), the count restarting with it. */
export const lockUntil = async (username: string, now: number, until: number): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: loginFailureKey(username),
      UpdateExpression: 'SET #type = :type, lockedUntil = :until, windowStart = :now, attempts = :zero, #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil < :until',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':type': 'loginFailures', ':until': until, ':now': now, ':zero': 0, ':ttl': until + 60 },
    }),
  ).catch((error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  });
};

export const clearLockout = async (username: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: loginFailureKey(username) }));
};
