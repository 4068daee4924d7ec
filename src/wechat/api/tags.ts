import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/** User tags (cgi-bin/tags/*), which serve the seed's "groups". */
type A = CapableAccount;

/** tags/get is a GET (developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html). */
export const getTags = (a: A) => callAsAccount<{ tags: { id: number; name: string; count: number }[] }>(a, { method: 'GET', path: 'cgi-bin/tags/get' });

export const createTag = (a: A, name: string) =>
  callAsAccount<{ tag: { id: number; name: string } }>(a, { path: 'cgi-bin/tags/create', json: { tag: { name } } });

export const updateTag = (a: A, id: number, name: string) => callAsAccount(a, { path: 'cgi-bin/tags/update', json: { tag: { id, name } } });

export const deleteTag = (a: A, id: number) => callAsAccount(a, { path: 'cgi-bin/tags/delete', json: { tag: { id } } });

export const tagIdsOf = (a: A, openid: string) =>
  callAsAccount<{ tagid_list: number[] }>(a, { path: 'cgi-bin/tags/getidlist', json: { openid } }).then((r) => r.tagid_list ?? []);

export const tagUsers = (a: A, tagid: number, openids: string[]) =>
  callAsAccount(a, { path: 'cgi-bin/tags/members/batchtagging', json: { openid_list: openids, tagid } });

export const untagUsers = (a: A, tagid: number, openids: string[]) =>
  callAsAccount(a, { path: 'cgi-bin/tags/members/batchuntagging', json: { openid_list: openids, tagid } });

/** Up to 10,000 openids of a tag after `nextOpenid`. */
export const tagMembers = (a: A, tagid: number, nextOpenid = '') =>
  callAsAccount<{ count: number; data?: { openid: string[] }; next_openid: string }>(a, {
    path: 'cgi-bin/user/tag/get',
    json: { tagid, next_openid: nextOpenid },
  });
