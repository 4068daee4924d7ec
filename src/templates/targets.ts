import { findFollowers } from '../audience/directory-queries';
import { openSegment, readSegmentMembers } from '../audience/segment-members';
import type { SendTarget } from './data/sends';

/**
 * Who a send goes to, one page at a time, from the follower directory (src/audience): one
 * follower, a tag's members (the directory's tag index, its counter for the total), or a finished
 * segment's members (a background job's result, kept 24 hours: src/audience/segment-members.ts).
 */
export const pageSize = 100;

export const targetTotal = async (appid: string, target: SendTarget): Promise<number> => {
  if ('openid' in target) return 1;
  if ('segmentId' in target) return (await openSegment(appid, target.segmentId)).count;
  return (await findFollowers(appid, { tagId: target.tagId, limit: 1 })).total ?? 0;
};

export const targetPage = async (appid: string, target: SendTarget, cursor: string | undefined): Promise<{ openids: string[]; cursor?: string }> => {
  if ('openid' in target) return { openids: [target.openid] };
  if ('segmentId' in target) {
    const page = await readSegmentMembers(appid, target.segmentId, cursor);
    return { openids: page.openids, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }
  const page = await findFollowers(appid, { tagId: target.tagId, limit: pageSize, ...(cursor ? { cursor } : {}) });
  return { openids: page.followers.map((f) => f.openid), ...(page.cursor ? { cursor: page.cursor } : {}) };
};
