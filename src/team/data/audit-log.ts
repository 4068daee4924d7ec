import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { auditPartition, type AuditChange, type AuditOutcome } from '../../core/audit/entry';
import { db, table } from '../../core/data/client';
import { InvalidReference } from '../../core/data/errors';

/**
 * Reading the audit log (the entries are written with the changes they record: src/core/audit/).
 * One partition per organization, sorted by time: a date range is a key condition; the member,
 * account and kind filters are applied by DynamoDB to each page read.
 */
export interface AuditEntry {
  at: string;
  userId: string;
  username: string;
  route: string;
  kind: string;
  appid?: string;
  input: Record<string, unknown>;
  changes: AuditChange[];
  outcome: AuditOutcome;
  errcode?: number;
  atomic: boolean;
  requestId: string;
}

export interface AuditFilter {
  appid?: string;
  userId?: string;
  kind?: string;
  /** YYYY-MM-DD, UTC, inclusive. */
  from?: string;
  to?: string;
}

const fromItem = (item: Record<string, any>): AuditEntry => ({
  at: item['at'],
  userId: item['userId'],
  username: item['username'],
  route: item['route'],
  kind: item['kind'],
  ...(item['appid'] ? { appid: item['appid'] } : {}),
  input: item['input'] ?? {},
  changes: item['changes'] ?? [],
  outcome: item['outcome'],
  ...(item['errcode'] === undefined ? {} : { errcode: item['errcode'] }),
  atomic: item['atomic'] === true,
  requestId: item['requestId'],
});

const encodeCursor = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');
const decodeCursor = (cursor: string): string => {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^AT#\d{4}-\d\d-\d\dT[\d:.]+Z#[\w-]{1,80}$/.test(sk)) throw new InvalidReference('next: not a cursor this list gave out');
  return sk;
};

const query = (orgId: string, filter: AuditFilter, start: Record<string, unknown> | undefined, pageSize: number) => {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': auditPartition(orgId), ':from': `AT#${filter.from ?? '0000-00-00'}`, ':to': `AT#${filter.to ?? '9999-99-99'}T~` };
  if (filter.appid) (conditions.push('appid = :appid'), (values[':appid'] = filter.appid));
  if (filter.userId) (conditions.push('userId = :user'), (values[':user'] = filter.userId));
  if (filter.kind) (conditions.push('kind = :kind'), (values[':kind'] = filter.kind));
  return db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: pageSize,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
};

/** A page of entries, newest first; `next` continues it. */
export const listAudit = async (orgId: string, filter: AuditFilter, limit: number, cursor?: string): Promise<{ entries: AuditEntry[]; next?: string }> => {
  const entries: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined = cursor ? { pk: auditPartition(orgId), sk: decodeCursor(cursor) } : undefined;
  // Filters thin the pages out: read on until the page is full or the range is done (at most 10 reads).
  for (let reads = 0; reads < 10 && entries.length < limit; reads += 1) {
    const page = await query(orgId, filter, start, Math.max(limit * 2, 50));
    entries.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
    if (!start) break;
  }
  const shown = entries.slice(0, limit);
  const more = entries.length > limit || start !== undefined;
  return { entries: shown.map(fromItem), ...(more && shown.length ? { next: encodeCursor(shown.at(-1)!['sk']) } : {}) };
};

/** Every entry the filter matches, newest first, up to `max` (the CSV export). */
export const allAudit = async (orgId: string, filter: AuditFilter, max: number): Promise<{ entries: AuditEntry[]; truncated: boolean }> => {
  const entries: AuditEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await query(orgId, filter, start, 500);
    entries.push(...(page.Items ?? []).map(fromItem));
    start = page.LastEvaluatedKey;
  } while (start && entries.length < max);
  return { entries: entries.slice(0, max), truncated: entries.length > max || start !== undefined };
};
