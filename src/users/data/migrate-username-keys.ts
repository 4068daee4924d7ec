import { ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, table } from '../../core/data/client';
import { usernameKey } from '../username-key';
import { usernameGuardKey, userKey } from './users';

/**
 * One-off migration: gives users registered before the lookalike guard (./users.ts, USERKEY#) their
 * guard, so a later lookalike of their name is refused. Two existing users whose names already
 * collide both keep working (each logs in by the exact name it has): the first one scanned holds
 * the guard, the other is counted as a collision and left as it is. Idempotent (a user with a key
 * is skipped; every write is conditional) and resumable (each page reports where the next starts).
 * Run with bin/migrate-username-keys.ts (docs/operations.md).
 */
export interface UsernameKeyPage {
  scanned: number;
  guarded: number;
  /** Users whose key another user already holds. */
  collisions: number;
  nextKey: Record<string, unknown> | undefined;
}

export const migrateUsernameKeysPage = async (startKey?: Record<string, unknown>, pageSize = 100): Promise<UsernameKeyPage> => {
  const page = await db.send(
    new ScanCommand({
      TableName: table(),
      Limit: pageSize,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      FilterExpression: 'begins_with(pk, :user) AND sk = :profile AND attribute_not_exists(usernameKey)',
      ExpressionAttributeValues: { ':user': 'USER#', ':profile': 'PROFILE' },
    }),
  );
  let guarded = 0;
  let collisions = 0;
  for (const item of page.Items ?? []) {
    const id = String(item['id']);
    const key = usernameKey(String(item['username']));
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table(), Item: { ...usernameGuardKey(key), type: 'usernameKey', userId: id }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: table(),
                Key: userKey(id),
                UpdateExpression: 'SET usernameKey = :k',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usernameKey)',
                ExpressionAttributeValues: { ':k': key },
              },
            },
          ],
        }),
      );
      guarded += 1;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[0] === 'ConditionalCheckFailed') collisions += 1;
    }
  }
  return { scanned: page.ScannedCount ?? 0, guarded, collisions, nextKey: page.LastEvaluatedKey };
};

/** Every page from `startKey`; `onPage` sees each (print it to resume after a stop). */
export const migrateUsernameKeys = async (
  options: { startKey?: Record<string, unknown>; pageSize?: number; onPage?: (page: UsernameKeyPage) => void } = {},
): Promise<{ scanned: number; guarded: number; collisions: number }> => {
  let key = options.startKey;
  const total = { scanned: 0, guarded: 0, collisions: 0 };
  do {
    const page = await migrateUsernameKeysPage(key, options.pageSize);
    total.scanned += page.scanned;
    total.guarded += page.guarded;
    total.collisions += page.collisions;
    options.onPage?.(page);
    key = page.nextKey;
  } while (key);
  return total;
};
