import type { Account } from '../data/accounts';
import { ValidationError } from '../http/errors';
import { createTag, deleteTag, getTags, tagIdsOf, tagMembers, tagUsers, untagUsers, updateTag } from '../wechat/api/tags';
import { batchGetProfiles, type FollowerProfile } from '../wechat/api/users';

/**
 * The seed's "groups", served by WeChat's user tags. Ids 0–2 are WeChat's own (0 ungrouped,
 * 1 blacklist, 2 starred): they cannot be renamed or deleted, which is refused before WeChat is
 * asked.
 */
const reserved = (groupId: number) => groupId <= 2;

export const listGroups = async (account: Account) => ({
  groups: (await getTags(account)).tags.map(({ id, name, count }) => ({ id, name, count })),
});

export const groupOf = async (account: Account, openid: string) => ({ groupid: (await tagIdsOf(account, openid))[0] ?? 0 });

export const createGroup = async (account: Account, name: string) => ({ group: (await createTag(account, name)).tag });

export const renameGroup = async (account: Account, groupId: number, name: string) => {
  if (reserved(groupId)) throw new ValidationError(`groupId: ${groupId} is one of WeChat's own groups and cannot be renamed`);
  await updateTag(account, groupId, name);
};

export const deleteGroup = async (account: Account, groupId: number) => {
  if (reserved(groupId)) throw new ValidationError(`groupId: ${groupId} is one of WeChat's own groups and cannot be deleted`);
  await deleteTag(account, groupId);
};

/** The follower ends in exactly `groupId` (0: in none): the other tags come off, the new one goes on. */
export const moveToGroup = async (account: Account, openid: string, groupId: number) => {
  if (groupId === 1) throw new ValidationError('groupId: 1 is the blacklist, which is not a group to move followers into');
  const current = await tagIdsOf(account, openid);
  for (const tag of current.filter((t) => t !== groupId && t !== 1)) await untagUsers(account, tag, [openid]);
  if (groupId !== 0 && !current.includes(groupId)) await tagUsers(account, groupId, [openid]);
};

const profileBatch = 100;

/**
 * One page of a group's followers with their profiles: WeChat lists up to 10,000 openids a call
 * (after `next`, the last openid of the previous page) and gives profiles 100 at a time.
 */
export const groupMembers = async (
  account: Account,
  groupId: number,
  limit: number,
  next?: string,
): Promise<{ users: FollowerProfile[]; next?: string }> => {
  const listing = await tagMembers(account, groupId, next ?? '');
  const openids = listing.data?.openid ?? [];
  const page = openids.slice(0, limit);
  const users: FollowerProfile[] = [];
  for (let i = 0; i < page.length; i += profileBatch) {
    users.push(...(await batchGetProfiles(account, page.slice(i, i + profileBatch))));
  }
  const more = openids.length > page.length || (listing.count === 10_000 && listing.next_openid !== '');
  return { users, ...(more && page.length ? { next: page[page.length - 1]! } : {}) };
};
