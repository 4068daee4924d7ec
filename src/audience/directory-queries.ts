import { ValidationError } from '../core/errors';
import { getCounts } from './data/audience-state';
import { queryIndex, type IndexName } from './data/directory';

/**
 * The directory's questions, each one key: a tag's membership, a QR scene's, a subscribe-time
 * range, a remark prefix, or everyone newest first. Totals come from the counters, not a count.
 * The cursor is where each shard stopped, bound to the question so it cannot be replayed on another.
 */
export interface FollowerQuery {
  tagId?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  remarkPrefix?: string | undefined;
  scene?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const questionOf = (q: FollowerQuery): { index: IndexName; descending: boolean; from?: string; to?: string; prefix?: string } => {
  if (q.tagId !== undefined) return { index: `tag:${q.tagId}`, descending: true };
  if (q.scene !== undefined) return { index: `scene:${q.scene}`, descending: true };
  if (q.remarkPrefix !== undefined) return { index: 'remark', descending: false, prefix: q.remarkPrefix.toLowerCase() };
  if (q.from !== undefined || q.to !== undefined)
    return {
      index: 'time',
      descending: false,
      from: String(q.from ?? 0).padStart(10, '0'),
      to: String(q.to ?? 9_999_999_999).padStart(10, '0'),
    };
  return { index: 'time', descending: true };
};

const encode = (index: string, shards: Record<number, string>) => Buffer.from(JSON.stringify({ i: index, s: shards })).toString('base64url');

const decode = (index: string, cursor: string): Record<number, string> => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { i?: string; s?: Record<string, string> };
    if (parsed.i === index && parsed.s && typeof parsed.s === 'object' && Object.values(parsed.s).every((v) => typeof v === 'string')) {
      return Object.fromEntries(Object.entries(parsed.s).map(([k, v]) => [Number(k), v]));
    }
  } catch {
    // answered below
  }
  throw new ValidationError('cursor: not a page position of this list; start from the first page', { problem: { field: 'cursor' } });
};

export const findFollowers = async (appid: string, q: FollowerQuery) => {
  const question = questionOf(q);
  const [counts, page] = await Promise.all([
    getCounts(appid),
    queryIndex(appid, question.index, {
      limit: q.limit,
      descending: question.descending,
      ...(q.cursor ? { cursor: decode(question.index, q.cursor) } : {}),
      ...(question.from !== undefined ? { from: question.from } : {}),
      ...(question.to !== undefined ? { to: question.to } : {}),
      ...(question.prefix !== undefined ? { prefix: question.prefix } : {}),
    }),
  ]);
  const total =
    q.tagId !== undefined ? (counts.tags[String(q.tagId)] ?? 0) : q.scene !== undefined ? (counts.scenes[q.scene] ?? 0) : question.index === 'time' && !question.from ? counts.total : undefined;
  return {
    ...(total === undefined ? {} : { total }),
    counts,
    followers: page.followers,
    ...(page.cursor ? { cursor: encode(question.index, page.cursor) } : {}),
  };
};
