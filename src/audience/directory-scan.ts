import { getFollowers, queryIndex, type IndexName } from './data/directory';
import type { SegmentMember, SegmentRecord } from './data/audience-jobs';

/**
 * Reading a whole index of the directory page by page (segment jobs, exports), on the directory's
 * exported queries only: `queryIndex` merges the shards, and its cursor is the position to resume
 * from, so a job can checkpoint between pages and a worker killed mid-way redoes one page at most.
 *
 * A page asks every live shard for `pageSize` entries and keeps the first `pageSize` of them in
 * order, so up to 8× the entries are read as are kept: bounded (small projections, eventually
 * consistent reads) and the price of not depending on how the directory lays its shards out.
 */
export const scanPageSize = 500;

export interface ScanPage {
  members: SegmentMember[];
  /** Where to go on from; undefined when the index is done. */
  position?: Record<number, string>;
}

export const scanIndexPage = async (appid: string, base: SegmentRecord['base'], position?: Record<number, string>, pageSize = scanPageSize): Promise<ScanPage> => {
  const page = await queryIndex(appid, base.index as IndexName, {
    limit: pageSize,
    descending: false,
    ...(position ? { cursor: position } : {}),
    ...(base.from !== undefined ? { from: base.from } : {}),
    ...(base.to !== undefined ? { to: base.to } : {}),
    ...(base.prefix !== undefined ? { prefix: base.prefix } : {}),
  });
  return { members: page.followers, ...(page.cursor ? { position: page.cursor } : {}) };
};

/** The followers' language (not in the index entries), read from their items by 100; unfollowed ones are left out. */
export const withLanguage = async (appid: string, members: SegmentMember[]): Promise<SegmentMember[]> => {
  if (!members.length) return [];
  const items = await getFollowers(
    appid,
    members.map((m) => m.openid),
  );
  return members.flatMap((m) => {
    const item = items.get(m.openid);
    return item && item.subscribed ? [{ ...m, ...(item.language ? { language: item.language } : {}) }] : [];
  });
};
