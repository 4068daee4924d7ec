import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, table, writeIf } from '../../core/data/client';

/**
 * An account's background audience jobs, under `AUDIENCEJOB#<appid>`: segment jobs (`SEGMENT#<id>`,
 * their members in chunks of 100 at `SEGMENT#<id>#<chunk>`) and exports (`EXPORT#<id>`). All expire
 * by TTL: a segment a day after it was made (it can be exported or used as a send target until
 * then), an export's record a little after its file (SPEC §6: the file 24 hours).
 */
export const segmentKeptSeconds = 24 * 3600;
/** The export record outlives its file by an hour, so a late status answers "expired", not "not found". */
export const exportKeptSeconds = 25 * 3600;
export const chunkSize = 100;

const pk = (appid: string) => `AUDIENCEJOB#${appid}`;
const chunkSk = (segmentId: string, chunk: number) => `SEGMENT#${segmentId}#${String(chunk).padStart(6, '0')}`;

/** A member as the directory's index entries project them (plus the language when the job read it). */
export interface SegmentMember {
  openid: string;
  subscribeTime: number;
  remark: string;
  tags: number[];
  qrScene: string;
  subscribeScene: string;
  language?: string;
  blocked?: boolean;
}

export interface SegmentFilters {
  /** Every one of these tags (AND). */
  tagIds?: number[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
  remarkPrefix?: string | undefined;
  scene?: string | undefined;
  language?: string | undefined;
  subscribeScene?: string | undefined;
}

export type JobState = 'running' | 'done' | 'failed';

export interface SegmentRecord {
  segmentId: string;
  orgId: string;
  filters: SegmentFilters;
  /** The index read (the cheapest key of the filters) and how its range is bounded. */
  base: { index: string; from?: string; to?: string; prefix?: string };
  state: JobState;
  /** Members found (written in chunks). */
  count: number;
  /** Index entries read. */
  scanned: number;
  chunks: number;
  /** Where the index read stopped (queryIndex's cursor); absent before the first page. */
  position?: Record<number, string>;
  /** Members found but not yet a full chunk. */
  pending: SegmentMember[];
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  reason?: string;
  version: number;
}

export interface ExportRecord {
  exportId: string;
  orgId: string;
  userId: string;
  source: { segmentId: string } | { query: Record<string, string | number> };
  state: JobState;
  rows: number;
  key?: string;
  bytes?: number;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** When the file is gone (24 hours after it was asked for): the status gives no link after it. */
  expiresAt: string;
  reason?: string;
  version: number;
}

const strip = <T>(item: Record<string, unknown> | undefined): T | undefined => {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ttl: _ttl, ...rest } = item;
  return rest as T;
};

const put = async (appid: string, sk: string, type: string, record: { version: number }, ttl: number, isNew: boolean): Promise<boolean> => {
  const written = await writeIf(
    db.send(
      new PutCommand({
        TableName: table(),
        Item: { pk: pk(appid), sk, type, ...record, version: isNew ? 0 : record.version + 1, ttl },
        ...(isNew
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': record.version } }),
      }),
    ),
  );
  if (written && !isNew) record.version += 1;
  return written;
};

const ttlFrom = (createdAt: string, seconds: number) => epochSeconds(new Date(createdAt)) + seconds;

export const createSegment = async (appid: string, record: SegmentRecord): Promise<void> => {
  await put(appid, `SEGMENT#${record.segmentId}`, 'audienceSegment', record, ttlFrom(record.createdAt, segmentKeptSeconds), true);
};

/** Moves a segment job forward from its `version`; false when another delivery did first (that one carries on). */
export const saveSegment = (appid: string, record: SegmentRecord): Promise<boolean> =>
  put(appid, `SEGMENT#${record.segmentId}`, 'audienceSegment', record, ttlFrom(record.createdAt, segmentKeptSeconds), false);

export const getSegment = async (appid: string, segmentId: string): Promise<SegmentRecord | undefined> =>
  strip<SegmentRecord>((await db.send(new GetCommand({ TableName: table(), Key: { pk: pk(appid), sk: `SEGMENT#${segmentId}` }, ConsistentRead: true }))).Item);

/** Writes one chunk of members; the same chunk written again (a redelivered step) is the same item. */
export const putSegmentChunk = async (appid: string, segment: SegmentRecord, chunk: number, members: SegmentMember[]): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { pk: pk(appid), sk: chunkSk(segment.segmentId, chunk), type: 'audienceSegmentChunk', members, ttl: ttlFrom(segment.createdAt, segmentKeptSeconds) },
    }),
  );
};

/** Chunks `from` .. `from + count - 1` of a segment, in order. */
export const getSegmentChunks = async (appid: string, segmentId: string, from: number, count: number): Promise<SegmentMember[][]> => {
  const out = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': pk(appid), ':a': chunkSk(segmentId, from), ':b': chunkSk(segmentId, from + count - 1) },
    }),
  );
  return (out.Items ?? []).map((i) => i['members'] as SegmentMember[]);
};

export const createExport = async (appid: string, record: ExportRecord): Promise<void> => {
  await put(appid, `EXPORT#${record.exportId}`, 'audienceExport', record, ttlFrom(record.createdAt, exportKeptSeconds), true);
};

export const saveExport = (appid: string, record: ExportRecord): Promise<boolean> =>
  put(appid, `EXPORT#${record.exportId}`, 'audienceExport', record, ttlFrom(record.createdAt, exportKeptSeconds), false);

export const getExport = async (appid: string, exportId: string): Promise<ExportRecord | undefined> =>
  strip<ExportRecord>((await db.send(new GetCommand({ TableName: table(), Key: { pk: pk(appid), sk: `EXPORT#${exportId}` }, ConsistentRead: true }))).Item);
