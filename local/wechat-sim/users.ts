import { TagError } from './audience';
import type { SimContext } from './context';
import { json, okOr, type Routes } from './reply';

/**
 * Users and tags: follower lists and profiles, remarks, tags (their limits and errcodes in
 * audience.ts), and the blacklist, which has its own API (cgi-bin/tags/members/getblacklist,
 * batchblacklist, batchunblacklist) and is not a tag.
 * - user/get: up to 10,000 openids a call after `next_openid`, with the account's `total`.
 * - user/info: since 2021-12-27 no nickname or avatar, and gender/region were dropped before
 *   (developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_userinfo: subscribe, openid,
 *   subscribe_time, unionid, remark, groupid, tagid_list, subscribe_scene, qr_scene,
 *   qr_scene_str; `language` is marked "该字段不再提供").
 * - user/info/batchget: 1 to 100 users a call.
 * The control API adds followers and tags, and lists followers.
 */
export const UserError = {
  invalidOpenid: TagError.invalidOpenid,
  // "新的备注名，长度必须小于30字节" (api_updateremark); WeChat names no errcode for it.
  remarkTooLong: { errcode: 40092, errmsg: 'remark too long' },
  userListSize: { errcode: 40032, errmsg: 'invalid user_list size' },
} as const;

const page = 10_000;
/** updateremark: "长度必须小于30字节". */
const remarkMaxBytesExclusive = 30;
const batchgetMaxUsers = 100;
/** How many followers GET /__sim/followers lists. */
const controlListSize = 200;

export const users = ({ accountCall, audienceOf }: SimContext): Routes => ({
  'GET /cgi-bin/user/get': (req) =>
    accountCall(req, 'cgi-bin/user/get', (appid) => {
      const audience = audienceOf(appid);
      const openids = audience.page(req.query.get('next_openid') ?? '', page);
      return json({
        total: audience.total(),
        count: openids.length,
        ...(openids.length ? { data: { openid: openids } } : {}),
        next_openid: openids[openids.length - 1] ?? '',
      });
    }),
  'GET /cgi-bin/user/info': (req) =>
    accountCall(req, 'cgi-bin/user/info', (appid) => {
      const openid = req.query.get('openid') ?? '';
      const profile = audienceOf(appid).profile(openid);
      return json(profile ?? UserError.invalidOpenid);
    }),
  'POST /cgi-bin/user/info/batchget': (req) =>
    accountCall(req, 'cgi-bin/user/info/batchget', (appid) => {
      const list = (req.body['user_list'] as { openid: string }[]) ?? [];
      if (list.length === 0 || list.length > batchgetMaxUsers) return json(UserError.userListSize);
      const audience = audienceOf(appid);
      return json({ user_info_list: list.map((u) => audience.profile(u.openid) ?? { openid: u.openid, subscribe: 0 }) });
    }),
  'POST /cgi-bin/user/info/updateremark': (req) =>
    accountCall(req, 'cgi-bin/user/info/updateremark', (appid) => {
      const remark = String(req.body['remark'] ?? '');
      if (Buffer.byteLength(remark, 'utf8') >= remarkMaxBytesExclusive) return json(UserError.remarkTooLong);
      return okOr(audienceOf(appid).setRemark(String(req.body['openid'] ?? ''), remark) ? undefined : UserError.invalidOpenid);
    }),

  // A GET (developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html); a POST finds no such API.
  'GET /cgi-bin/tags/get': (req) => accountCall(req, 'cgi-bin/tags/get', (appid) => json({ tags: audienceOf(appid).listTags() })),
  'POST /cgi-bin/tags/create': (req) =>
    accountCall(req, 'cgi-bin/tags/create', (appid) => {
      const result = audienceOf(appid).createTag(String(req.body['tag']?.['name'] ?? ''));
      return json('errcode' in result ? result : { tag: result });
    }),
  'POST /cgi-bin/tags/update': (req) =>
    accountCall(req, 'cgi-bin/tags/update', (appid) =>
      okOr(audienceOf(appid).updateTag(Number(req.body['tag']?.['id']), String(req.body['tag']?.['name'] ?? ''))),
    ),
  'POST /cgi-bin/tags/delete': (req) =>
    accountCall(req, 'cgi-bin/tags/delete', (appid) => okOr(audienceOf(appid).deleteTag(Number(req.body['tag']?.['id'])))),
  'POST /cgi-bin/tags/getidlist': (req) =>
    accountCall(req, 'cgi-bin/tags/getidlist', (appid) => {
      const follower = audienceOf(appid).get(String(req.body['openid'] ?? ''));
      return json(follower ? { tagid_list: follower.tagid_list } : UserError.invalidOpenid);
    }),
  'POST /cgi-bin/tags/members/batchtagging': (req) =>
    accountCall(req, 'cgi-bin/tags/members/batchtagging', (appid) =>
      okOr(audienceOf(appid).tagUsers(Number(req.body['tagid']), (req.body['openid_list'] as string[]) ?? [], true)),
    ),
  'POST /cgi-bin/tags/members/batchuntagging': (req) =>
    accountCall(req, 'cgi-bin/tags/members/batchuntagging', (appid) =>
      okOr(audienceOf(appid).tagUsers(Number(req.body['tagid']), (req.body['openid_list'] as string[]) ?? [], false)),
    ),
  'POST /cgi-bin/user/tag/get': (req) =>
    accountCall(req, 'cgi-bin/user/tag/get', (appid) => json(audienceOf(appid).tagMembers(Number(req.body['tagid']), String(req.body['next_openid'] ?? '')))),

  'POST /cgi-bin/tags/members/getblacklist': (req) =>
    accountCall(req, 'cgi-bin/tags/members/getblacklist', (appid) => {
      const audience = audienceOf(appid);
      const next = String(req.body['begin_openid'] ?? '');
      const list = [...audience.blacklist];
      const start = next ? list.indexOf(next) + 1 : 0;
      const openids = list.slice(start, start + page);
      return json({ total: list.length, count: openids.length, data: { openid: openids }, next_openid: openids[openids.length - 1] ?? '' });
    }),
  'POST /cgi-bin/tags/members/batchblacklist': (req) =>
    accountCall(req, 'cgi-bin/tags/members/batchblacklist', (appid) =>
      okOr(audienceOf(appid).setBlacklisted((req.body['openid_list'] as string[]) ?? [], true)),
    ),
  'POST /cgi-bin/tags/members/batchunblacklist': (req) =>
    accountCall(req, 'cgi-bin/tags/members/batchunblacklist', (appid) =>
      okOr(audienceOf(appid).setBlacklisted((req.body['openid_list'] as string[]) ?? [], false)),
    ),

  // ---- control API ----
  'POST /__sim/followers': (req) => {
    const appid = String(req.body['appid'] ?? '');
    const tagid = req.body['tagid'] === undefined ? undefined : Number(req.body['tagid']);
    return json({ openids: audienceOf(appid).addFollowers(Number(req.body['count'] ?? 1), tagid) });
  },
  'GET /__sim/followers': (req) => {
    const audience = audienceOf(req.query.get('appid') ?? '');
    // `next`: the last openid of the previous page (as user/get's next_openid), for tests that read everyone.
    const openids = audience.page(req.query.get('next') ?? '', controlListSize);
    return json({ followers: openids.map((o) => audience.get(o)), total: audience.total(), ...(openids.length === controlListSize ? { next: openids[openids.length - 1] } : {}) });
  },
  /**
   * {appid, count, seed}: a large audience made from a seed (250,000 cost a few numbers: each
   * follower is computed from its position until changed), spread over three tags, 5% with a
   * remark, 20% from QR scenes scene0…scene4.
   */
  'POST /__sim/audience/seed': (req) =>
    json(audienceOf(String(req.body['appid'] ?? '')).seed(Number(req.body['count'] ?? 0), String(req.body['seed'] ?? 'seed'))),
  /** Who is blacklisted, as WeChat keeps it (for tests that check a block reached WeChat). */
  'GET /__sim/audience/blacklist': (req) => json({ openids: [...audienceOf(req.query.get('appid') ?? '').blacklist] }),
  'POST /__sim/tags': (req) => json(audienceOf(String(req.body['appid'] ?? '')).createTag(String(req.body['name'] ?? ''))),
});
