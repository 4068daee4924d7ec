import type { Account } from '../core/data/accounts';
import { blacklistMaxPerCall, blacklistUsers, unblacklistUsers } from '../wechat/api/blacklist';
import { tagUsers, untagUsers } from '../wechat/api/tags';
import { addTagCounts } from './data/audience-state';
import { updateFollowers, type DirectoryFollower } from './data/directory';

/**
 * Changes to many followers at once, made at WeChat first (in its own batch sizes: 50 a call to
 * tag, 20 to blacklist) and then in the directory, so the directory never says what WeChat does
 * not. A WeChat refusal part-way stops there with WeChat's error; the batches done before it are
 * in the directory too (repeating the request is harmless: tagging a tagged follower changes nothing).
 */
export const tagBatch = 50;

const chunks = <T>(list: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

/** Applies `change` to the followers the directory holds (their blocks written under their versions). */
const updateDirectory = (appid: string, openids: string[], change: (f: DirectoryFollower) => DirectoryFollower | undefined) => updateFollowers(appid, openids, change);

export const batchTag = async (account: Account, openids: string[], tagId: number, untag: boolean) => {
  let done = 0;
  let calls = 0;
  let tagDelta = 0;
  let untaggedDelta = 0;
  try {
    for (const chunk of chunks(openids, tagBatch)) {
      await (untag ? untagUsers(account, tagId, chunk) : tagUsers(account, tagId, chunk));
      calls++;
      const { changed } = await updateDirectory(account.appid, chunk, (f) => {
        if (f.tags.includes(tagId) !== untag) return undefined;
        return { ...f, tags: untag ? f.tags.filter((t) => t !== tagId) : [...f.tags, tagId].sort((a, b) => a - b) };
      });
      // Counted from the current generation's followers as they were (the change may also reach one being built).
      for (const f of changed) {
        tagDelta += untag ? -1 : 1;
        if (!f.tags.length) untaggedDelta--;
        if (untag && f.tags.length === 1) untaggedDelta++;
      }
      done += chunk.length;
    }
  } finally {
    if (tagDelta || untaggedDelta) await addTagCounts(account.appid, tagId, tagDelta, untaggedDelta);
  }
  return { done, wechatCalls: calls };
};

export const setBlocked = async (account: Account, openids: string[], blocked: boolean) => {
  let done = 0;
  let calls = 0;
  for (const chunk of chunks(openids, blacklistMaxPerCall)) {
    await (blocked ? blacklistUsers(account, chunk) : unblacklistUsers(account, chunk));
    calls++;
    await updateDirectory(account.appid, chunk, (f) => {
      if (!!f.blocked === blocked) return undefined;
      const { blocked: _b, ...rest } = f;
      return blocked ? { ...rest, blocked: true } : rest;
    });
    done += chunk.length;
  }
  return { done, wechatCalls: calls };
};
