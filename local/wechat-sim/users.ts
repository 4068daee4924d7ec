import type { Audience } from './audience';

/**
 * Follower lists and profiles as WeChat answers them today, and the blacklist, which has its own
 * API (cgi-bin/tags/members/getblacklist, batchblacklist, batchunblacklist) and is not a tag.
 * - user/get: up to 10,000 openids a call after `next_openid`, with the account's `total`.
 * - user/info: since 2021-12-27 no nickname or avatar, and gender/region were dropped before
 *   (developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_userinfo: subscribe, openid,
 *   subscribe_time, unionid, remark, groupid, tagid_list, subscribe_scene, qr_scene,
 *   qr_scene_str; `language` is marked "该字段不再提供").
 */
interface Req {
  query: URLSearchParams;
  body: Record<string, any>;
}

export interface AudienceRouteContext<Reply> {
  audienceOf: (appid: string) => Audience;
  accountCall: (req: any, path: string, body: (appid: string) => Reply | Promise<Reply>) => Promise<Reply>;
  json: (body: unknown) => Reply;
}

const page = 10_000;

export const audienceRoutes = <Reply>({ audienceOf, accountCall, json }: AudienceRouteContext<Reply>) => ({
  'GET /cgi-bin/user/get': (req: Req) =>
    accountCall(req, 'cgi-bin/user/get', (appid) => {
      const audience = audienceOf(appid);
      const next = req.query.get('next_openid') ?? '';
      const start = next ? audience.order.indexOf(next) + 1 : 0;
      const openids = start < 0 ? [] : audience.order.slice(start, start + page);
      return json({
        total: audience.order.length,
        count: openids.length,
        ...(openids.length ? { data: { openid: openids } } : {}),
        next_openid: openids[openids.length - 1] ?? '',
      });
    }),
  'GET /cgi-bin/user/info': (req: Req) =>
    accountCall(req, 'cgi-bin/user/info', (appid) => {
      const openid = req.query.get('openid') ?? '';
      const profile = audienceOf(appid).profile(openid);
      return json(profile ?? { errcode: 40003, errmsg: 'invalid openid' });
    }),
  'POST /cgi-bin/tags/members/getblacklist': (req: Req) =>
    accountCall(req, 'cgi-bin/tags/members/getblacklist', (appid) => {
      const audience = audienceOf(appid);
      const next = String(req.body['begin_openid'] ?? '');
      const list = audience.order.filter((o) => audience.blacklist.has(o));
      const start = next ? list.indexOf(next) + 1 : 0;
      const openids = list.slice(start, start + page);
      return json({ total: list.length, count: openids.length, data: { openid: openids }, next_openid: openids[openids.length - 1] ?? '' });
    }),
  'POST /cgi-bin/tags/members/batchblacklist': (req: Req) =>
    accountCall(req, 'cgi-bin/tags/members/batchblacklist', (appid) =>
      json(audienceOf(appid).setBlacklisted((req.body['openid_list'] as string[]) ?? [], true) ?? { errcode: 0, errmsg: 'ok' }),
    ),
  'POST /cgi-bin/tags/members/batchunblacklist': (req: Req) =>
    accountCall(req, 'cgi-bin/tags/members/batchunblacklist', (appid) =>
      json(audienceOf(appid).setBlacklisted((req.body['openid_list'] as string[]) ?? [], false) ?? { errcode: 0, errmsg: 'ok' }),
    ),
});
