import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, table } from '../../core/data/client';

/**
 * The numbers of the console's 首页, each read by key from the partition that holds it (never a
 * scan): the inbox (INBOX#<appid>, sort keys by CreateTime, kept for the account's retention) and
 * the history of sends (SENDS#<appid>, sendIds time-ordered). Filters apply after the read, so the
 * cost is the items in the time range; `maxPages` bounds one request, and a count that reached it
 * says so (`capped`), to be shown as "at least".
 */
export interface Count {
  count: number;
  capped: boolean;
}

const maxPages = 5;

const count = async (input: Omit<QueryCommandInput, 'Select' | 'ExclusiveStartKey'>): Promise<Count> => {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await db.send(new QueryCommand({ ...input, Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) }));
    total += answer.Count ?? 0;
    start = answer.LastEvaluatedKey;
    if (!start) return { count: total, capped: false };
  }
  return { count: total, capped: true };
};

const inboxSince = (appid: string, sinceSeconds: number) => ({
  TableName: table(),
  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
  ExpressionAttributeValues: {
    ':pk': `INBOX#${appid}`,
    ':from': `MSG#${String(Math.max(0, Math.floor(sinceSeconds))).padStart(10, '0')}#`,
    ':to': 'MSG#9999999999#g',
    ':inboxType': 'inboxMessage',
    ':now': epochSeconds(),
  },
});

/** Follow events received since `sinceSeconds` (the inbox keeps them for its retention). */
export const countNewFollowers = (appid: string, sinceSeconds: number): Promise<Count> => {
  const base = inboxSince(appid, sinceSeconds);
  return count({
    ...base,
    FilterExpression: '#type = :inboxType AND msgType = :event AND #event = :subscribe AND (attribute_not_exists(#ttl) OR #ttl > :now)',
    ExpressionAttributeNames: { '#type': 'type', '#event': 'event', '#ttl': 'ttl' },
    ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':event': 'event', ':subscribe': 'subscribe' },
  });
};

/** Followers' messages (not events, not our replies) not yet marked handled, within the inbox's retention. */
export const countUnhandled = (appid: string): Promise<Count> => {
  const base = inboxSince(appid, 0);
  return count({
    ...base,
    FilterExpression:
      '#type = :inboxType AND msgType <> :event AND handled = :no AND (attribute_not_exists(#dir) OR #dir <> :out) AND (attribute_not_exists(#ttl) OR #ttl > :now)',
    ExpressionAttributeNames: { '#type': 'type', '#dir': 'direction', '#ttl': 'ttl' },
    ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':event': 'event', ':no': false, ':out': 'out' },
  });
};

/** Publishes and mass sends that failed, started since `sinceMs` (sendIds begin with base-36 milliseconds). */
export const countFailedSends = (appid: string, sinceMs: number): Promise<Count> =>
  count({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    FilterExpression: '#status = :failed',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': `SENDS#${appid}`, ':from': `SEND#${sinceMs.toString(36).padStart(10, '0')}`, ':to': 'SEND#~', ':failed': 'failed' },
  });
