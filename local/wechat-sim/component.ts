import { SimError } from './errors';
import type { SimContext } from './context';
import { pushComponentEvent } from './push';
import { releaseTestAccounts } from './release-test';
import { json, type Reply, type Routes, type SimRequest } from './reply';
import { defaultFuncscopes, hex, newAccount, type SimAccount } from './state';

/**
 * The third-party platform (component) side: component_access_token (given only with a pushed
 * component_verify_ticket, and only to the component's whitelisted IPs), pre_auth_code, the
 * authorization pages on the mp host, api_query_auth, the authorizer token refresh and authorizer
 * info; the pushes to the component's event URL (tickets, authorized, unauthorized), and
 * api_start_push_ticket, which has WeChat push a ticket at once.
 */

/**
 * Lifetimes of WeChat's one-shot codes: api_create_preauthcode's expires_in; the authorization
 * code's, as the redirect after the authorization page gives it ("redirect_url?auth_code=xxx&
 * expires_in=600", Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html).
 * Past it, or once used, api_query_auth answers 61010 "code is expired"; an unknown code 61009.
 */
const preAuthCodeSeconds = 1800;
const authCodeSeconds = 600;
/**
 * "component_verify_ticket 的有效时间为12小时" (Third-party_Platforms/2.0/api/Before_Develop/
 * component_verify_ticket.html); an older one is refused by api_component_token with 61005
 * "component ticket is expired" (ThirdParty/token/component_access_token.html, its error table).
 */
const ticketSeconds = 12 * 3600;
const releaseTestAppids = new Set(releaseTestAccounts.map((a) => a.appid));
/** The permission sets (funcscope_category ids) the account's owner granted (SimAccount.funcscopes). */
const funcInfoOf = (account: SimAccount | undefined) => (account?.funcscopes ?? defaultFuncscopes).map((id) => ({ funcscope_category: { id } }));

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const authorizationFailed: Reply = { status: 400, html: '<!doctype html><title>授权失败</title><p>pre_auth_code is invalid or expired</p>' };

export const component = (ctx: SimContext): Routes => {
  const { state, now, whitelists } = ctx;
  const { appid: componentAppid, secret, token, aesKey } = ctx.component;
  let eventUrl = ctx.options.componentEventUrl;
  /** What was pushed to the event URL and how it was answered, newest last (the control API reads it). */
  const pushes: { infoType: string; at: number; status: number; body: string }[] = [];
  /**
   * WeChat's `authorized` push and the owner's redirect are separate deliveries: the push can trail
   * the browser (its retries span minutes). Held pushes wait here until the control API lets them go;
   * held per authorizer appid, so one test's delay does not reach another's accounts.
   */
  const holdAuthorized = new Set<string>();
  const heldPushes: Record<string, string | number>[] = [];

  const push = async (message: Record<string, string | number>) => {
    const result = eventUrl
      ? await pushComponentEvent(
          { url: eventUrl, token, aesKey, appid: componentAppid },
          { AppId: componentAppid, CreateTime: Math.floor(now() / 1000), ...message },
          Math.floor(now() / 1000),
        )
      : { status: 0, body: 'no component event URL set' };
    pushes.push({ infoType: String(message['InfoType'] ?? ''), at: now(), ...result });
    return result;
  };

  const pushTicket = async () => {
    const ticket = `ticket@@@${hex(16)}`;
    state.tickets.set(ticket, now());
    return { ticket, ...(await push({ InfoType: 'component_verify_ticket', ComponentVerifyTicket: ticket })) };
  };

  const authorizationPage = (req: SimRequest): Reply => {
    const code = req.query.get('pre_auth_code') ?? '';
    const entry = state.preAuthCodes.get(code);
    if (!entry || entry.used || entry.expiresAt <= now() || req.query.get('component_appid') !== componentAppid) return authorizationFailed;
    const redirect = req.query.get('redirect_uri') ?? '';
    // WeChat's release-test accounts are authorized by WeChat itself, never on this page.
    const links = [...state.accounts.values()]
      .filter((a) => !releaseTestAppids.has(a.appid))
      .map((a) => {
        const href = `/cgi-bin/componentloginpage/authorize?${new URLSearchParams({ pre_auth_code: code, authorizer_appid: a.appid, redirect_uri: redirect })}`;
        return `<li><a href="${escapeHtml(href)}">${escapeHtml(a.nickname)} (${a.appid})</a></li>`;
      })
      .join('');
    return {
      html: `<!doctype html><meta charset="utf-8"><title>公众号授权 (simulator)</title><h1>Authorize ${escapeHtml(componentAppid)}</h1><p>Pick the official account to authorize:</p><ul>${links}</ul>`,
    };
  };

  return {
    'POST /cgi-bin/component/api_component_token': async (req) => {
      const failure = await ctx.gate('cgi-bin/component/api_component_token', componentAppid);
      if (failure) return json(failure);
      if (req.body['component_appid'] !== componentAppid) return json(SimError.invalidComponent);
      if (req.body['component_appsecret'] !== secret) return json(SimError.invalidAppsecret);
      const blocked = whitelists.checkComponent(componentAppid, req.ip);
      if (blocked) return json(blocked);
      const pushedAt = state.tickets.get(String(req.body['component_verify_ticket'] ?? ''));
      if (pushedAt === undefined) return json(SimError.invalidTicket);
      if (pushedAt + ticketSeconds * 1000 <= now()) return json(SimError.expiredTicket);
      const issued = state.issue(componentAppid, 'component');
      return json({ component_access_token: issued.value, expires_in: issued.expiresIn });
    },

    /**
     * startPushTicket: {component_appid, component_secret}, no token; WeChat answers ok and pushes a
     * ticket to the event URL soon after (openApi/ticket-token/api_startpushticket.html: 0 "ok or in
     * a normal state", 40013 invalid appid). A wrong secret answers WeChat's general 40125.
     */
    'POST /cgi-bin/component/api_start_push_ticket': async (req) => {
      const failure = await ctx.gate('cgi-bin/component/api_start_push_ticket', componentAppid);
      if (failure) return json(failure);
      if (req.body['component_appid'] !== componentAppid) return json(SimError.invalidAppid);
      if (req.body['component_secret'] !== secret) return json(SimError.invalidAppsecret);
      const blocked = whitelists.checkComponent(componentAppid, req.ip);
      if (blocked) return json(blocked);
      // After the answer, as WeChat does: the caller is not held while the push is delivered.
      setTimeout(() => void pushTicket(), 0);
      return json({ errcode: 0, errmsg: 'ok' });
    },

    'POST /cgi-bin/component/api_create_preauthcode': (req) =>
      ctx.componentCall(req, 'cgi-bin/component/api_create_preauthcode', componentAppid, () =>
        json({ pre_auth_code: state.oneShot(state.preAuthCodes, 'preauthcode', '', preAuthCodeSeconds), expires_in: preAuthCodeSeconds }),
      ),

    // Counted against the authorizer the code belongs to, so tests can scope faults to it.
    'POST /cgi-bin/component/api_query_auth': (req) =>
      ctx.componentCall(
        req,
        'cgi-bin/component/api_query_auth',
        state.authCodes.get(String(req.body['authorization_code'] ?? ''))?.appid ?? componentAppid,
        () => {
          const entry = state.consume(state.authCodes, String(req.body['authorization_code'] ?? ''));
          if (entry === 'invalid') return json(SimError.invalidAuthCode);
          if (entry === 'expired') return json(SimError.expiredAuthCode);
          const issued = state.issue(entry.appid, 'access', '', 'component');
          const refresh = `refreshtoken@@@${hex(16)}`;
          state.refreshTokens.set(refresh, entry.appid);
          return json({
            authorization_info: {
              authorizer_appid: entry.appid,
              authorizer_access_token: issued.value,
              expires_in: issued.expiresIn,
              authorizer_refresh_token: refresh,
              func_info: funcInfoOf(state.accounts.get(entry.appid)),
            },
          });
        },
      ),

    'POST /cgi-bin/component/api_authorizer_token': (req) => {
      const appid = String(req.body['authorizer_appid'] ?? '');
      return ctx.componentCall(req, 'cgi-bin/component/api_authorizer_token', appid, () => {
        const refresh = String(req.body['authorizer_refresh_token'] ?? '');
        if (state.refreshTokens.get(refresh) !== appid) return json(SimError.invalidRefreshToken);
        const issued = state.issue(appid, 'access', '', 'component');
        return json({ authorizer_access_token: issued.value, expires_in: issued.expiresIn, authorizer_refresh_token: refresh });
      });
    },

    'POST /cgi-bin/component/api_get_authorizer_info': (req) => {
      const appid = String(req.body['authorizer_appid'] ?? '');
      return ctx.componentCall(req, 'cgi-bin/component/api_get_authorizer_info', appid, () => {
        const account = state.accounts.get(appid);
        if (!account) return json(SimError.invalidAppid);
        return json({
          authorizer_info: {
            nick_name: account.nickname,
            head_img: `http://wx.qlogo.cn/mmopen/${appid}/0`,
            service_type_info: { id: account.serviceType },
            verify_type_info: { id: account.verifyType },
            user_name: account.username ?? `gh_${appid.slice(-12)}`,
            principal_name: `${account.nickname}有限公司`,
            alias: '',
            qrcode_url: `http://mmbiz.qpic.cn/mmbiz/${appid}/0`,
            business_info: { open_pay: 0, open_shake: 0, open_scan: 0, open_card: 0, open_store: 0 },
          },
          authorization_info: { authorizer_appid: appid, func_info: funcInfoOf(account) },
        });
      });
    },

    // ---- the authorization pages (mp.weixin.qq.com, open.weixin.qq.com) ----
    'GET /cgi-bin/componentloginpage': authorizationPage,
    'GET /safe/bindcomponent': authorizationPage,
    /** Today's mobile authorization link (open.weixin.qq.com). */
    'GET /wxaopen/safe/bindcomponent': authorizationPage,

    'GET /cgi-bin/componentloginpage/authorize': async (req) => {
      const appid = req.query.get('authorizer_appid') ?? '';
      const pre = state.consume(state.preAuthCodes, req.query.get('pre_auth_code') ?? '');
      if (typeof pre === 'string' || !state.accounts.has(appid)) return authorizationFailed;
      const code = state.oneShot(state.authCodes, 'queryauthcode', appid, authCodeSeconds);
      // What the authorized push carries (Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html):
      // AppId, CreateTime, InfoType, AuthorizerAppid, AuthorizationCode, AuthorizationCodeExpiredTime, PreAuthCode.
      const authorized = {
        InfoType: 'authorized',
        AuthorizerAppid: appid,
        AuthorizationCode: code,
        AuthorizationCodeExpiredTime: Math.floor(now() / 1000) + authCodeSeconds,
        PreAuthCode: req.query.get('pre_auth_code') ?? '',
      };
      if (holdAuthorized.has(appid)) heldPushes.push(authorized);
      else await push(authorized);
      const target = new URL(req.query.get('redirect_uri') ?? '');
      target.searchParams.set('auth_code', code);
      target.searchParams.set('expires_in', String(authCodeSeconds));
      return { redirect: target.toString() };
    },

    // ---- control API ----
    'PUT /__sim/component/event-url': (req) => {
      eventUrl = String(req.body['url'] ?? '');
      return json({ url: eventUrl });
    },
    'POST /__sim/component/push-ticket': async () => json(await pushTicket()),
    /** {appid, hold}: while held, that account's `authorized` pushes wait (the redirect still happens at once). */
    'PUT /__sim/component/hold-authorized': (req) => {
      const appid = String(req.body['appid'] ?? '');
      if (req.body['hold'] === true) holdAuthorized.add(appid);
      else holdAuthorized.delete(appid);
      return json({ appid, hold: holdAuthorized.has(appid) });
    },
    /** {appid}: delivers that account's held `authorized` pushes now, oldest first: [{status, body}]. */
    'POST /__sim/component/release-authorized': async (req) => {
      const appid = String(req.body['appid'] ?? '');
      const mine = heldPushes.filter((p) => p['AuthorizerAppid'] === appid);
      heldPushes.splice(0, heldPushes.length, ...heldPushes.filter((p) => p['AuthorizerAppid'] !== appid));
      const results = [];
      for (const message of mine) results.push(await push(message));
      return json({ results });
    },
    /** {seconds}: every ticket pushed so far becomes that much older (WeChat's 12 hours pass). */
    'POST /__sim/component/age-tickets': (req) => {
      const ms = Number(req.body['seconds'] ?? 0) * 1000;
      for (const [ticket, pushedAt] of state.tickets) state.tickets.set(ticket, pushedAt - ms);
      return json({ ok: true });
    },
    /** Pushes made to the event URL: [{infoType, at, status, body}], newest last. */
    'GET /__sim/component/pushes': () => json({ pushes }),
    'POST /__sim/component/unauthorize': async (req) => {
      const appid = String(req.body['appid'] ?? '');
      state.revoke(appid);
      return json(await push({ InfoType: 'unauthorized', AuthorizerAppid: appid }));
    },
    /**
     * The owner changes what they granted (or the account was verified, or became a service
     * account) and confirms on WeChat's page: WeChat pushes `updateauthorized` with a new code.
     */
    'POST /__sim/component/update-authorization': async (req) => {
      const account = state.accounts.get(String(req.body['appid'] ?? ''));
      if (!account) return json(SimError.invalidAppid);
      if (Array.isArray(req.body['funcscopes'])) account.funcscopes = req.body['funcscopes'].map(Number);
      if (req.body['serviceType'] !== undefined) account.serviceType = Number(req.body['serviceType']);
      if (req.body['verifyType'] !== undefined) account.verifyType = Number(req.body['verifyType']);
      const code = state.oneShot(state.authCodes, 'queryauthcode', account.appid, authCodeSeconds);
      return json(
        await push({
          InfoType: 'updateauthorized',
          AuthorizerAppid: account.appid,
          AuthorizationCode: code,
          AuthorizationCodeExpiredTime: Math.floor(now() / 1000) + authCodeSeconds,
        }),
      );
    },
    /**
     * {appid, issuedSecondsAgo?}: an authorization code for an account, as WeChat's release test
     * hands one over (QUERY_AUTH_CODE:…); issued in the past to test its 600 s.
     */
    'POST /__sim/component/auth-code': (req) => {
      const appid = String(req.body['appid'] ?? '');
      if (!state.accounts.has(appid)) state.accounts.set(appid, newAccount({ appid, nickname: 'Release test' }));
      const issuedSecondsAgo = Number(req.body['issuedSecondsAgo'] ?? 0);
      return json({ auth_code: state.oneShot(state.authCodes, 'queryauthcode', appid, authCodeSeconds, issuedSecondsAgo), expires_in: authCodeSeconds - issuedSecondsAgo });
    },
  };
};
