import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, queryAll, table } from './client';

/**
 * Holding a partition for a while, then letting DynamoDB's TTL purge it (an unbound account's rules
 * and inbox: src/core/data/kept-rules.ts, kept-inbox.ts). Holding gives each item a TTL (an item
 * whose own TTL ends sooner keeps it) and remembers the TTL it had in `heldTtl` (0: none); releasing
 * puts that back. One write per item: unbinding is rare and an inbox is bounded by its retention.
 * Holds no entity of its own: the callers name the partition.
 */

const itemsOf = (pk: string) =>
  queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ProjectionExpression: 'pk, sk, #ttl, heldTtl',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':pk': pk },
  });

const write = async (input: ConstructorParameters<typeof UpdateCommand>[0]) => {
  try {
    await db.send(new UpdateCommand(input));
  } catch (error) {
    // Gone meanwhile (its own TTL, a delete): nothing to keep or give back.
    if (!isConditionFailure(error)) throw error;
  }
};

const eachItem = async (pk: string, fn: (item: Record<string, any>) => Promise<void>): Promise<number> => {
  const items = await itemsOf(pk);
  for (let i = 0; i < items.length; i += 25) await Promise.all(items.slice(i, i + 25).map(fn));
  return items.length;
};

/** Every item of the partition expires at `until` (epoch seconds) at the latest. Answers how many items. */
export const holdPartition = (pk: string, until: number): Promise<number> =>
  eachItem(pk, async (item) => {
    const own = typeof item['ttl'] === 'number' ? (item['ttl'] as number) : 0;
    const held = typeof item['heldTtl'] === 'number' ? (item['heldTtl'] as number) : own;
    await write({
      TableName: table(),
      Key: { pk: item['pk'], sk: item['sk'] },
      UpdateExpression: 'SET #ttl = :ttl, heldTtl = :held',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':ttl': held > 0 ? Math.min(held, until) : until, ':held': held },
    });
  });

/** Each held item of the partition gets back the TTL it had before (or none). Answers how many items. */
export const releasePartition = (pk: string): Promise<number> =>
  eachItem(pk, async (item) => {
    if (typeof item['heldTtl'] !== 'number') return;
    const held = item['heldTtl'] as number;
    await write({
      TableName: table(),
      Key: { pk: item['pk'], sk: item['sk'] },
      UpdateExpression: held > 0 ? 'SET #ttl = :ttl REMOVE heldTtl' : 'REMOVE #ttl, heldTtl',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ...(held > 0 ? { ExpressionAttributeValues: { ':ttl': held } } : {}),
    });
  });
