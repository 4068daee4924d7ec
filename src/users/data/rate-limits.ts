import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { db, table } from '../../core/data/client';

/**
 * Fixed-window counters for rate limits (one atomic ADD per hit, TTL cleans them up).
 *   RATE#<name>#<sha256 of subject> / RATE#<window start>   hits, ttl
 * The subject (an address, a client IP) is stored hashed: the table keeps no list of who asked.
 */
export interface RateLimit {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** Counts one hit; answers 0 when it is within the limit, else the seconds until the window ends. */
export const hit = async (rule: RateLimit, subject: string, now: number): Promise<number> => {
  const windowStart = now - (now % rule.windowSeconds);
  const windowEnd = windowStart + rule.windowSeconds;
  const digest = createHash('sha256').update(subject).digest('hex').slice(0, 32);
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `RATE#${rule.name}#${digest}`, sk: `RATE#${windowStart}` },
      UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD hits :one',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':type': 'rateLimit', ':ttl': windowEnd + 60, ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return (Attributes?.['hits'] as number) > rule.limit ? Math.max(1, windowEnd - now) : 0;
};
