import { changeWrites, getFollower, writeAll } from './data/directory';

/**
 * A remark set at WeChat, written into the directory too, so the follower page and the remark
 * search show it at once rather than after the next resync. Its own module: the remark route's
 * bundle needs the directory, not the bulk calls.
 */
export const setDirectoryRemark = async (appid: string, openid: string, remark: string): Promise<void> => {
  const before = await getFollower(appid, openid);
  if (!before?.subscribed || before.remark === remark) return;
  await writeAll(changeWrites(appid, before, { ...before, remark }));
};
