import { SimError } from './errors';
import type { SimContext } from './context';
import { isError, json, type Routes, type SimRequest } from './reply';
import { hex } from './state';

/**
 * Web OAuth (网页授权): connect/oauth2/authorize, where the follower "consents" at once and is sent
 * back with a code; the code's exchange for a user token, by the account itself (sns/oauth2/
 * access_token, with its secret) or by the component on its behalf (sns/oauth2/component/
 * access_token); sns/userinfo. A code is single-use and lives 5 minutes. The control API lists
 * the authorize requests received.
 */
export const OauthError = {
  codeUsed: { errcode: 40163, errmsg: 'code been used' },
  invalidCode: { errcode: 40029, errmsg: 'invalid code' },
} as const;

const codeLifetimeMs = 5 * 60_000;

/**
 * 网页授权 (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html):
 * "state: 重定向后会带上state参数，开发者可以填写a-zA-Z0-9的参数值，最多128字节". Anything else
 * (a `-`, `_`, `=`, or 129 characters) stops at an error page instead of coming back.
 */
export const validState = (state: string): boolean => /^[A-Za-z0-9]{0,128}$/.test(state);
const stateErrorPage = '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>微信</title><p>参数错误：state 只能是 a-zA-Z0-9，最多 128 字节</p></html>';
const userTokenSeconds = 7200;

interface OauthCode {
  appid: string;
  openid: string;
  scope: string;
  componentAppid?: string;
  expiresAt: number;
}

export const oauth = (ctx: SimContext): Routes => {
  const { state, now } = ctx;
  /** oauth2/authorize queries as received, per appid (tests read them). */
  const requests = new Map<string, Record<string, string>[]>();
  /** Web-OAuth codes and the user tokens they become. */
  const codes = new Map<string, OauthCode>();
  const usedCodes = new Set<string>();
  const userTokens = new Map<string, { appid: string; openid: string; scope: string }>();

  const accessToken = async (req: SimRequest, path: string, viaComponent: boolean) => {
    const appid = req.query.get('appid') ?? '';
    const failure = await ctx.gate(path, appid);
    if (failure) return json(failure);
    if (viaComponent) {
      const owner = ctx.credential(req, 'component_access_token', 'component');
      if (isError(owner)) return json(owner);
    } else if (state.accounts.get(appid)?.secret !== req.query.get('secret')) {
      return json(SimError.invalidAppsecret);
    }
    const code = req.query.get('code') ?? '';
    if (usedCodes.has(code)) return json(OauthError.codeUsed);
    const entry = codes.get(code);
    if (!entry || entry.appid !== appid || entry.expiresAt <= now()) return json(OauthError.invalidCode);
    codes.delete(code);
    usedCodes.add(code);
    const token = `sns_${hex(24)}`;
    userTokens.set(token, entry);
    return json({ access_token: token, expires_in: userTokenSeconds, refresh_token: `snsrefresh_${hex(24)}`, openid: entry.openid, scope: entry.scope });
  };

  return {
    'GET /connect/oauth2/authorize': (req) => {
      const appid = req.query.get('appid') ?? '';
      requests.set(appid, [...(requests.get(appid) ?? []), Object.fromEntries(req.query)]);
      const state = req.query.get('state') ?? '';
      // The follower sees WeChat's error page and is sent nowhere: no code, no redirect.
      if (!validState(state)) return { status: 400, html: stateErrorPage };
      const audience = ctx.audienceOf(appid);
      const openid = req.query.get('sim_openid') ?? audience.order[0] ?? audience.addFollowers(1)[0]!;
      const code = hex(16);
      const componentAppid = req.query.get('component_appid') ?? undefined;
      codes.set(code, {
        appid,
        openid,
        scope: req.query.get('scope') ?? 'snsapi_base',
        ...(componentAppid ? { componentAppid } : {}),
        expiresAt: now() + codeLifetimeMs,
      });
      const target = new URL(req.query.get('redirect_uri') ?? '');
      target.searchParams.set('code', code);
      target.searchParams.set('state', req.query.get('state') ?? '');
      return { redirect: target.toString() };
    },
    'GET /sns/oauth2/access_token': (req) => accessToken(req, 'sns/oauth2/access_token', false),
    'GET /sns/oauth2/component/access_token': (req) => accessToken(req, 'sns/oauth2/component/access_token', true),
    'GET /sns/userinfo': async (req) => {
      const token = userTokens.get(req.query.get('access_token') ?? '');
      const failure = await ctx.gate('sns/userinfo', token?.appid ?? '');
      if (failure) return json(failure);
      if (!token || token.openid !== req.query.get('openid')) return json(SimError.invalidCredential);
      if (token.scope !== 'snsapi_userinfo') return json(SimError.apiUnauthorized);
      const f = ctx.audienceOf(token.appid).followers.get(token.openid)!;
      // Since 2021 sns/userinfo gives nickname and avatar (the follower consented) but gender 0
      // and empty region fields (网页授权 docs: "sex/province/city/country 不再返回…").
      return json({
        openid: f.openid,
        nickname: f.nickname,
        sex: 0,
        province: '',
        city: '',
        country: '',
        headimgurl: f.headimgurl,
        privilege: [],
      });
    },

    // ---- control API ----
    'GET /__sim/oauth/requests': (req) => json({ requests: requests.get(req.query.get('appid') ?? '') ?? [] }),
  };
};
