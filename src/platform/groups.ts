import type { Account } from '../core/data/accounts';
import { ValidationError } from '../core/errors';
import { createTag, deleteTag, getTags, tagIdsOf, tagMembers, tagUsers, untagUsers, updateTag } from '../wechat/api/tags';
import { batchGetProfiles, listFollowers, type WechatFollower } from '../wechat/api/users';
import './rule-texts';

/**
 * The seed's "groups", served by WeChat's user tags. Ids 0–2 are WeChat's own (0 no tag, 1 the old
 * blacklist, 2 starred): they cannot be renamed or deleted, which is refused before WeChat is
 * asked. The blacklist is not a tag (WeChat gives it its own API), so it is not a group here.
 */
const reserved = (groupId: number) => groupId <= 2;

/** The seed's first row: the followers in no group. */
export const ungrouped = { id: 0, name: '未分组' } as const;

/**
 * `{id:0, name:"未分组", count}` first (as the seed shows it), then WeChat's tags with their counts.
 * The ungrouped count is the follower total (user/get) minus the tags' counts: exact while each
 * follower has at most one tag, which is what moveUserToGroup keeps (a follower tagged twice in
 * WeChat's own console makes it a lower bound). Two WeChat calls whatever the audience size; see
 * README "Groups" for what an exact count would cost.
 */
export const listGroups = async (account: Account) => {
  const [{ tags }, { total }] = await Promise.all([getTags(account), listFollowers(account)]);
  const groups = tags.map(({ id, name, count }) => ({ id, name, count }));
  const tagged = groups.reduce((sum, g) => sum + g.count, 0);
  return { groups: [{ ...ungrouped, count: Math.max(0, total - tagged) }, ...groups] };
};

export const groupOf = async (account: Account, openid: string) => ({ groupid: (await tagIdsOf(account, openid))[0] ?? 0 });

export const createGroup = async (account: Account, name: string) => ({ group: (await createTag(account, name)).tag });

export const renameGroup = async (account: Account, groupId: number, name: string) => {
  if (reserved(groupId)) throw new ValidationError(`groupId: ${groupId} is one of WeChat's own groups and cannot be renamed`, { problem: { field: 'groupId', rule: 'group.reserved', given: groupId } });
  await updateTag(account, groupId, name);
};

export const deleteGroup = async (account: Account, groupId: number) => {
  if (reserved(groupId)) throw new ValidationError(`groupId: ${groupId} is one of WeChat's own groups and cannot be deleted`, { problem: { field: 'groupId', rule: 'group.reserved', given: groupId } });
  await deleteTag(account, groupId);
};

/** The follower ends in exactly `groupId` (0: in none): the other tags come off, the new one goes on. */
export const moveToGroup = async (account: Account, openid: string, groupId: number) => {
  if (groupId === 1) throw new ValidationError('groupId: 1 is not a group: WeChat keeps its blacklist apart from tags', { problem: { field: 'groupId', rule: 'group.blacklist' } });
  const current = await tagIdsOf(account, openid);
  for (const tag of current.filter((t) => t !== groupId)) await untagUsers(account, tag, [openid]);
  if (groupId !== 0 && !current.includes(groupId)) await tagUsers(account, groupId, [openid]);
};

/**
 * A follower as the API shows them: what WeChat still returns (since 2021 no nickname, avatar,
 * gender or region). Picked field by field, so nothing WeChat dropped is promised.
 */
export const followerProfile = (f: WechatFollower) => ({
  openid: f.openid,
  subscribe: f.subscribe,
  remark: f.remark ?? '',
  groupid: f.groupid ?? f.tagid_list?.[0] ?? 0,
  tagid_list: f.tagid_list ?? [],
  subscribe_time: f.subscribe_time ?? null,
  subscribe_scene: f.subscribe_scene ?? null,
  qr_scene: f.qr_scene ?? null,
  qr_scene_str: f.qr_scene_str ?? null,
  ...(f.language ? { language: f.language } : {}),
  ...(f.unionid ? { unionid: f.unionid } : {}),
});

export type FollowerProfile = ReturnType<typeof followerProfile>;

const profileBatch = 100;

const profilesOf = async (account: Account, openids: string[]): Promise<WechatFollower[]> => {
  const out: WechatFollower[] = [];
  for (let i = 0; i < openids.length; i += profileBatch) out.push(...(await batchGetProfiles(account, openids.slice(i, i + profileBatch))));
  return out;
};

/** Followers looked at per getGroupUsers call for group 0 (10 batchget calls), so a page stays fast. */
export const ungroupedScanPerCall = 1000;

/**
 * Group 0: followers with no tag. WeChat has no listing for them, so followers are read in
 * user/get order (10,000 openids a call), their profiles 100 a call, and the untagged kept. One
 * call looks at up to `ungroupedScanPerCall` followers; `next` is the last one looked at, so a page
 * may hold fewer than `limit` users while `next` says there is more.
 */
const ungroupedMembers = async (account: Account, limit: number, next?: string) => {
  const budget = Math.max(limit, ungroupedScanPerCall);
  const listing = await listFollowers(account, next ?? '');
  const openids = (listing.data?.openid ?? []).slice(0, budget);
  const users: FollowerProfile[] = [];
  let last: string | undefined;
  for (let i = 0; i < openids.length && users.length < limit; i += profileBatch) {
    const chunk = openids.slice(i, i + profileBatch);
    for (const profile of await profilesOf(account, chunk)) {
      last = profile.openid;
      if (profile.subscribe === 1 && (profile.tagid_list ?? []).length === 0) users.push(followerProfile(profile));
      if (users.length === limit) break;
    }
  }
  const lastListed = listing.data?.openid?.at(-1);
  const more = last !== undefined && (last !== lastListed || (listing.count === 10_000 && listing.next_openid !== ''));
  return { users, ...(more ? { next: last } : {}) };
};

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
  if (groupId === 0) return ungroupedMembers(account, limit, next);
  if (groupId === 1) throw new ValidationError('groupId: 1 is not a group: WeChat keeps its blacklist apart from tags', { problem: { field: 'groupId', rule: 'group.blacklist' } });
  const listing = await tagMembers(account, groupId, next ?? '');
  const openids = listing.data?.openid ?? [];
  const page = openids.slice(0, limit);
  const users = (await profilesOf(account, page)).map(followerProfile);
  const more = openids.length > page.length || (listing.count === 10_000 && listing.next_openid !== '');
  return { users, ...(more && page.length ? { next: page[page.length - 1]! } : {}) };
};
