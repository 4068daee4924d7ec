import { updateFollowers } from './data/directory';

/**
 * A remark set at WeChat, written into the directory too (in every live generation, under the
 * blocks' versions), so the follower page and the remark search show it at once rather than after
 * the next resync. Its own module: the remark route's bundle needs the directory, not the bulk calls.
 */
export const setDirectoryRemark = async (appid: string, openid: string, remark: string): Promise<void> => {
  await updateFollowers(appid, [openid], (before) => (before.remark === remark ? undefined : { ...before, remark }));
};
