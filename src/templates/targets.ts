import { findFollowers } from '../audience/directory-queries';
import type { SendTarget } from './data/sends';

/**
 * Who a send goes to, one page at a time, from the follower directory (src/audience): one
 * follower, or a tag's members (the directory's tag index, its counter for the total). A segment
 * (another issue's background jobs) plugs in here as one more kind of target.
 */
export const pageSize = 100;

export const targetTotal = async (appid: string, target: SendTarget): Promise<number> => {
  if ('openid' in target) return 1;
  return (await findFollowers(appid, { tagId: target.tagId, limit: 1 })).total ?? 0;
};

export const targetPage = async (appid: string, target: SendTarget, cursor: string | undefined): Promise<{ openids: string[]; cursor?: string }> => {
  if ('openid' in target) return { openids: [target.openid] };
  const page = await findFollowers(appid, { tagId: target.tagId, limit: pageSize, ...(cursor ? { cursor } : {}) });
  return { openids: page.followers.map((f) => f.openid), ...(page.cursor ? { cursor: page.cursor } : {}) };
};
