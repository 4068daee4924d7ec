import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { chunkSize, getSegment, getSegmentChunks, segmentKeptSeconds, type SegmentMember, type SegmentRecord } from './data/audience-jobs';
import './job-rule-texts';

/**
 * A finished segment's members, page by page: what the followers route shows (`segmentId`), what an
 * export writes, and what a template send can target (`readSegmentMembers`). A page is at most two
 * chunk items (one Query). A segment lives 24 hours (TTL; DynamoDB deletes late, so the age is
 * checked here too); one still running or failed is refused with its state. A send that started
 * within the 24 hours reads on past them (`{ started: true }`) until DynamoDB has deleted it.
 */
const segmentGone = () => new NotFoundError('segmentId: no such segment of this account (a segment is kept 24 hours)', { field: 'segmentId', rule: 'audience.segmentGone' });

export const openSegment = async (appid: string, segmentId: string, now = Date.now(), options: { started?: boolean } = {}): Promise<SegmentRecord> => {
  const record = await getSegment(appid, segmentId);
  if (!record || (!options.started && Date.parse(record.createdAt) + segmentKeptSeconds * 1000 <= now)) throw segmentGone();
  if (record.state !== 'done') {
    throw new ConflictError(`segmentId: the segment is ${record.state}`, { field: 'segmentId', rule: record.state === 'running' ? 'audience.segmentRunning' : 'audience.segmentFailed' }, { state: record.state });
  }
  return record;
};

const encode = (segmentId: string, at: number) => Buffer.from(JSON.stringify({ g: segmentId, at })).toString('base64url');

const decode = (segmentId: string, cursor: string): number => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { g?: unknown; at?: unknown };
    if (parsed.g === segmentId && Number.isInteger(parsed.at) && (parsed.at as number) >= 0) return parsed.at as number;
  } catch {
    // answered below
  }
  throw new ValidationError('cursor: not a page position of this segment; start from the first page', { problem: { field: 'cursor' } });
};

export interface SegmentPage {
  members: SegmentMember[];
  total: number;
  cursor?: string;
}

/** `limit` (≤ 100) members from the cursor's position (the first page without one). */
export const segmentPage = async (appid: string, segmentId: string, cursor: string | undefined, limit: number, options: { started?: boolean } = {}): Promise<SegmentPage> => {
  const segment = await openSegment(appid, segmentId, Date.now(), options);
  const at = cursor ? decode(segmentId, cursor) : 0;
  const first = Math.floor(at / chunkSize);
  const chunks = at < segment.count ? await getSegmentChunks(appid, segmentId, first, Math.min(segment.chunks - first, Math.ceil(((at % chunkSize) + limit) / chunkSize))) : [];
  const members = chunks.flat().slice(at % chunkSize, (at % chunkSize) + limit);
  // Its chunks deleted (TTL) before its record: gone, not a shorter list.
  if (at < segment.count && members.length === 0) throw segmentGone();
  const end = at + members.length;
  return { members, total: segment.count, ...(end < segment.count && members.length ? { cursor: encode(segmentId, end) } : {}) };
};

/**
 * The plug for sends to a segment (template messages): a finished segment's openids, 100 a page;
 * pass the answered cursor back for the next page until there is none. The send checked the
 * segment's age when it was made: a send that outlasts the 24 hours still reaches every member.
 */
export const readSegmentMembers = async (appid: string, segmentId: string, cursor?: string): Promise<{ openids: string[]; total: number; cursor?: string }> => {
  const page = await segmentPage(appid, segmentId, cursor, chunkSize, { started: true });
  return { openids: page.members.map((m) => m.openid), total: page.total, ...(page.cursor ? { cursor: page.cursor } : {}) };
};
