import type { SimContext } from './context';
import { SimError } from './errors';
import { json, type Routes } from './reply';

/**
 * The daily API quota's own APIs (developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html,
 * …/openApi/get_api_quota.html): clear_quota with the account's token (an authorizer token when a
 * platform does it for the account) resets every API's count, 10 times a month; quota/get says how
 * much of one API's daily quota is used.
 */
const QuotaError = {
  clearLimit: { errcode: 48006, errmsg: 'forbid to clear quota because of reaching the limit' },
  /** cgi_path without its leading "/" (or with the host): WeChat's 76003. */
  badPath: { errcode: 76003, errmsg: 'invalid cgi_path' },
} as const;

export const quota = ({ accountCall, quotas }: SimContext): Routes => ({
  'POST /cgi-bin/clear_quota': (req) =>
    accountCall(req, 'cgi-bin/clear_quota', (appid) => {
      if (req.body['appid'] !== appid) return json(SimError.invalidAppid);
      return json(quotas.clear(appid) ? { errcode: 0, errmsg: 'ok' } : QuotaError.clearLimit);
    }),
  'POST /cgi-bin/openapi/quota/get': (req) =>
    accountCall(req, 'cgi-bin/openapi/quota/get', (appid) => {
      const cgiPath = String(req.body['cgi_path'] ?? '');
      if (!cgiPath.startsWith('/') || cgiPath.startsWith('//')) return json(QuotaError.badPath);
      return json({ errcode: 0, errmsg: 'ok', quota: quotas.usage(appid, cgiPath.slice(1)) });
    }),

  // ---- control API ----
  /** {appid, path, limit | null}: the daily quota of one API of an account (null: WeChat's documented one again). */
  'PUT /__sim/quota': (req) => {
    quotas.setLimit(String(req.body['appid'] ?? ''), String(req.body['path'] ?? '').replace(/^\/+/, ''), req.body['limit'] === null ? null : Number(req.body['limit']));
    return json({ ok: true });
  },
  /** {appid}: midnight China time for one account: its day's counts start again (45009 lifts). */
  'POST /__sim/quota/new-day': (req) => {
    quotas.newDay(String(req.body['appid'] ?? ''));
    return json({ ok: true });
  },
});
