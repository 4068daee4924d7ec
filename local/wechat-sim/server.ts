import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SimError, type SimErrorBody } from './errors';
import { Audience } from './audience';
import { deliver, type DeliveryMode } from './follower';
import type { XmlInputObject } from '../../src/wechat/xml';
import { MaterialLibrary, parseMultipart } from './materials';
import { Conversations } from './conversations';
import { buttonAt, MenuBook, tapEvent, type TapDetails } from './menus';
import { pushComponentEvent } from './push';
import { httpFaultOf, SimHttpFault } from './http-fault';
import { hex, newAccount, SimState, type CredentialKind, type Fault, type SimAccount } from './state';
import { StableTokens } from './stable-token';
import { callerIp, Whitelists } from './whitelist';
import { audienceRoutes } from './users';
import { materialGetRoutes } from './material-get';

/**
 * A WeChat stand-in on 127.0.0.1 speaking WeChat's real paths and JSON (api.weixin.qq.com and the
 * mp.weixin.qq.com authorization pages on one port), plus a control API under /__sim/ for tests.
 */
export interface SimulatorOptions {
  port: number;
  component: { appid: string; secret: string; token: string; aesKey: string };
  componentEventUrl?: string;
  /** The platform's public base URL: followers' messages go to <base>/wxplatform/callback/<appid>. */
  callbackBase?: string;
  tokenLifetimeSeconds?: number;
  now?: () => number;
}

export interface WechatSimulator {
  url: string;
  stop(): Promise<void>;
}

interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, any>;
  raw: Buffer;
  contentType: string;
  /** The caller's IP as WeChat sees it (whitelists). */
  ip: string;
}

type Reply =
  | { json: unknown; status?: number }
  | { bytes: Buffer; contentType: string; headers?: Record<string, string> }
  | { html: string; status?: number }
  | { redirect: string };

type Handler = (req: Request) => Promise<Reply> | Reply;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** updateremark: "长度必须小于30字节". */
const remarkMaxBytesExclusive = 30;

export const demoAccounts: Partial<SimAccount>[] = [
  { appid: 'wx00000000000demo1', nickname: 'Demo Coffee', secret: 'de0000000000000000000000000000d1' },
  { appid: 'wx00000000000demo2', nickname: 'Demo Books', secret: 'de0000000000000000000000000000d2' },
];

export const startWechatSimulator = async (options: SimulatorOptions): Promise<WechatSimulator> => {
  const now = options.now ?? Date.now;
  const state = new SimState(now, options.tokenLifetimeSeconds ?? 7200);
  const component = options.component;
  let eventUrl = options.componentEventUrl;
  let callbackBase = options.callbackBase;
  /** Customer-service messages sent through cgi-bin/message/custom/send, per appid. */
  const sentMessages = new Map<string, unknown[]>();
  const audiences = new Map<string, Audience>();
  const libraries = new Map<string, MaterialLibrary>();
  const libraryOf = (appid: string) => libraries.get(appid) ?? libraries.set(appid, new MaterialLibrary()).get(appid)!;
  const audienceOf = (appid: string) => audiences.get(appid) ?? audiences.set(appid, new Audience()).get(appid)!;
  const menuBooks = new Map<string, MenuBook>();
  const menusOf = (appid: string) => menuBooks.get(appid) ?? menuBooks.set(appid, new MenuBook()).get(appid)!;
  const conversations = new Map<string, Conversations>();
  const conversationsOf = (appid: string) => conversations.get(appid) ?? conversations.set(appid, new Conversations()).get(appid)!;
  const materialExists = (appid: string) => (id: string) => libraryOf(appid).items.has(id);
  /** This simulator's own base URL, known once it listens (video download links point at it). */
  let selfUrl = '';
  /** qrcode/create bodies and oauth2/authorize queries as received, per appid (tests read them). */
  const qrRequests = new Map<string, unknown[]>();
  const oauthRequests = new Map<string, Record<string, string>[]>();
  /** Web-OAuth codes and the user tokens they become. */
  const oauthCodes = new Map<string, { appid: string; openid: string; scope: string; componentAppid?: string; expiresAt: number }>();
  const usedOauthCodes = new Set<string>();
  const snsTokens = new Map<string, { appid: string; openid: string; scope: string }>();
  const stableTokens = new StableTokens(state);
  const whitelists = new Whitelists();
  for (const demo of demoAccounts) {
    const account = newAccount(demo);
    state.accounts.set(account.appid, account);
  }

  const push = (message: Record<string, string | number>) =>
    eventUrl
      ? pushComponentEvent(
          { url: eventUrl, token: component.token, aesKey: component.aesKey, appid: component.appid },
          { AppId: component.appid, CreateTime: Math.floor(now() / 1000), ...message },
          Math.floor(now() / 1000),
        )
      : Promise.resolve({ status: 0, body: 'no component event URL set' });

  /** Counts the call against `appid`, plays an armed fault. An error body means: answer it. */
  const gate = async (path: string, appid: string): Promise<SimErrorBody | undefined> => {
    state.count(path, appid);
    const fault = state.takeFault(path, appid);
    if (!fault) return undefined;
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.status !== undefined) throw httpFaultOf({ ...fault, status: fault.status });
    return fault.errcode === undefined ? undefined : { errcode: fault.errcode, errmsg: fault.errmsg ?? 'injected fault' };
  };

  /** Checks a credential from the query; answers WeChat's error for a bad one. */
  const credential = (req: Request, param: string, kind: CredentialKind): { appid: string } | SimErrorBody => {
    const value = req.query.get(param) ?? undefined;
    if (!value) return SimError.missingParameter;
    const result = state.check(value, kind);
    if (result === 'invalid') return SimError.invalidCredential;
    if (result === 'expired') return SimError.accessTokenExpired;
    return result;
  };

  const isError = (x: unknown): x is SimErrorBody => typeof x === 'object' && x !== null && 'errcode' in x;
  const json = (body: unknown): Reply => ({ json: body });

  /** component_access_token calls: check the token, then count and gate against `appid`. */
  const componentCall = async (req: Request, path: string, appid: string, body: () => Reply | Promise<Reply>) => {
    const owner = credential(req, 'component_access_token', 'component');
    const failure = (await gate(path, appid)) ?? whitelists.checkComponent(component.appid, req.ip) ?? (isError(owner) ? owner : undefined);
    if (failure) return json(failure);
    if (req.body['component_appid'] !== component.appid) return json(SimError.invalidComponent);
    return body();
  };

  const authorizationPage = (req: Request): Reply => {
    const code = req.query.get('pre_auth_code') ?? '';
    const entry = state.preAuthCodes.get(code);
    if (!entry || entry.expiresAt <= now() || req.query.get('component_appid') !== component.appid) {
      return { status: 400, html: '<!doctype html><title>授权失败</title><p>pre_auth_code is invalid or expired</p>' };
    }
    const redirect = req.query.get('redirect_uri') ?? '';
    const links = [...state.accounts.values()]
      .map((a) => {
        const href = `/cgi-bin/componentloginpage/authorize?${new URLSearchParams({ pre_auth_code: code, authorizer_appid: a.appid, redirect_uri: redirect })}`;
        return `<li><a href="${escapeHtml(href)}">${escapeHtml(a.nickname)} (${a.appid})</a></li>`;
      })
      .join('');
    return {
      html: `<!doctype html><meta charset="utf-8"><title>公众号授权 (simulator)</title><h1>Authorize ${escapeHtml(component.appid)}</h1><p>Pick the official account to authorize:</p><ul>${links}</ul>`,
    };
  };

  /** Calls made with an account's access_token: check it, count and gate against its owner. */
  const accountCall = async (req: Request, path: string, body: (appid: string) => Reply | Promise<Reply>) => {
    const owner = credential(req, 'access_token', 'access');
    const failure = (await gate(path, isError(owner) ? '' : owner.appid)) ?? (isError(owner) ? owner : undefined);
    if (failure) return json(failure);
    return body((owner as { appid: string }).appid);
  };
  const okOr = (error: SimErrorBody | undefined) => json(error ?? { errcode: 0, errmsg: 'ok' });

  const snsAccessToken = (req: Request, path: string, component: boolean) => async () => {
    const appid = req.query.get('appid') ?? '';
    const failure = await gate(path, appid);
    if (failure) return json(failure);
    if (component) {
      const owner = credential(req, 'component_access_token', 'component');
      if (isError(owner)) return json(owner);
    } else if (state.accounts.get(appid)?.secret !== req.query.get('secret')) {
      return json(SimError.invalidAppsecret);
    }
    const code = req.query.get('code') ?? '';
    if (usedOauthCodes.has(code)) return json({ errcode: 40163, errmsg: 'code been used' });
    const entry = oauthCodes.get(code);
    if (!entry || entry.appid !== appid || entry.expiresAt <= now()) return json({ errcode: 40029, errmsg: 'invalid code' });
    oauthCodes.delete(code);
    usedOauthCodes.add(code);
    const token = `sns_${hex(24)}`;
    snsTokens.set(token, entry);
    return json({ access_token: token, expires_in: 7200, refresh_token: `snsrefresh_${hex(24)}`, openid: entry.openid, scope: entry.scope });
  };

  const routes: Record<string, Handler> = {
    'POST /cgi-bin/user/info/updateremark': (req) =>
      accountCall(req, 'cgi-bin/user/info/updateremark', (appid) => {
        const follower = audienceOf(appid).followers.get(String(req.body['openid'] ?? ''));
        if (!follower) return json({ errcode: 40003, errmsg: 'invalid openid' });
        const remark = String(req.body['remark'] ?? '');
        // "新的备注名，长度必须小于30字节" (api_updateremark); WeChat names no errcode for it.
        if (Buffer.byteLength(remark, 'utf8') >= remarkMaxBytesExclusive) return json({ errcode: 40097, errmsg: 'invalid args: remark too long' });
        follower.remark = remark;
        return okOr(undefined);
      }),
    'POST /cgi-bin/material/add_material': (req) =>
      accountCall(req, 'cgi-bin/material/add_material', async (appid) => {
        let parts;
        try {
          parts = await parseMultipart(req.contentType, req.raw);
        } catch {
          return json({ errcode: 41005, errmsg: 'media data missing' });
        }
        return json(libraryOf(appid).add(req.query.get('type') ?? '', parts, now()));
      }),
    'POST /cgi-bin/material/del_material': (req) =>
      accountCall(req, 'cgi-bin/material/del_material', (appid) =>
        okOr(libraryOf(appid).remove(String(req.body['media_id'] ?? '')) ? undefined : { errcode: 40007, errmsg: 'invalid media_id' }),
      ),
    'GET /cgi-bin/material/get_materialcount': (req) =>
      accountCall(req, 'cgi-bin/material/get_materialcount', (appid) => json(libraryOf(appid).count())),
    'POST /cgi-bin/material/batchget_material': (req) =>
      accountCall(req, 'cgi-bin/material/batchget_material', (appid) => {
        const type = String(req.body['type'] ?? '');
        const count = Number(req.body['count'] ?? 0);
        if (!['image', 'voice', 'video', 'news'].includes(type)) return json({ errcode: 40004, errmsg: 'invalid media type' });
        if (!(count >= 1 && count <= 20)) return json({ errcode: 40008, errmsg: 'invalid message type' });
        return json(libraryOf(appid).list(type, Number(req.body['offset'] ?? 0), count));
      }),
    'GET /__sim/materials': (req) => json({ materials: [...libraryOf(req.query.get('appid') ?? '').items.values()] }),
    'POST /cgi-bin/tags/get': (req) => accountCall(req, 'cgi-bin/tags/get', (appid) => json({ tags: audienceOf(appid).listTags() })),
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
        const follower = audienceOf(appid).followers.get(String(req.body['openid'] ?? ''));
        return json(follower ? { tagid_list: follower.tagid_list } : { errcode: 40003, errmsg: 'invalid openid' });
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
      accountCall(req, 'cgi-bin/user/tag/get', (appid) =>
        json(audienceOf(appid).tagMembers(Number(req.body['tagid']), String(req.body['next_openid'] ?? ''))),
      ),
    'POST /cgi-bin/user/info/batchget': (req) =>
      accountCall(req, 'cgi-bin/user/info/batchget', (appid) => {
        const list = (req.body['user_list'] as { openid: string }[]) ?? [];
        if (list.length === 0 || list.length > 100) return json({ errcode: 40032, errmsg: 'invalid user_list size' });
        const audience = audienceOf(appid);
        return json({ user_info_list: list.map((u) => audience.profile(u.openid) ?? { openid: u.openid, subscribe: 0 }) });
      }),
    'POST /cgi-bin/qrcode/create': (req) =>
      accountCall(req, 'cgi-bin/qrcode/create', (appid) => {
        qrRequests.set(appid, [...(qrRequests.get(appid) ?? []), req.body]);
        const action = String(req.body['action_name'] ?? '');
        const scene = (req.body['action_info']?.['scene'] ?? {}) as { scene_id?: number; scene_str?: string };
        const temporary = action === 'QR_SCENE' || action === 'QR_STR_SCENE';
        const valid =
          (action === 'QR_SCENE' && Number.isInteger(scene.scene_id) && scene.scene_id! > 0) ||
          (action === 'QR_LIMIT_SCENE' && Number.isInteger(scene.scene_id) && scene.scene_id! >= 1 && scene.scene_id! <= 100000) ||
          ((action === 'QR_STR_SCENE' || action === 'QR_LIMIT_STR_SCENE') && !!scene.scene_str && Buffer.byteLength(scene.scene_str, 'utf8') <= 64);
        if (!valid) return json({ errcode: 40053, errmsg: 'invalid action info' });
        const expire = temporary ? Math.min(Number(req.body['expire_seconds'] ?? 60), 2592000) : undefined;
        return json({
          ticket: `gQ${hex(24)}==`,
          ...(expire !== undefined ? { expire_seconds: expire } : {}),
          url: `http://weixin.qq.com/q/${hex(10)}`,
        });
      }),
    /** Web OAuth: the follower "consents" at once and is sent back with a code. */
    'GET /connect/oauth2/authorize': (req) => {
      const appid = req.query.get('appid') ?? '';
      oauthRequests.set(appid, [...(oauthRequests.get(appid) ?? []), Object.fromEntries(req.query)]);
      const audience = audienceOf(appid);
      const openid = req.query.get('sim_openid') ?? audience.order[0] ?? audience.addFollowers(1)[0]!;
      const code = hex(16);
      const componentAppid = req.query.get('component_appid') ?? undefined;
      oauthCodes.set(code, {
        appid,
        openid,
        scope: req.query.get('scope') ?? 'snsapi_base',
        ...(componentAppid ? { componentAppid } : {}),
        expiresAt: now() + 5 * 60_000,
      });
      const target = new URL(req.query.get('redirect_uri') ?? '');
      target.searchParams.set('code', code);
      target.searchParams.set('state', req.query.get('state') ?? '');
      return { redirect: target.toString() };
    },
    'GET /sns/oauth2/access_token': (req) => snsAccessToken(req, 'sns/oauth2/access_token', false)(),
    'GET /sns/oauth2/component/access_token': (req) => snsAccessToken(req, 'sns/oauth2/component/access_token', true)(),
    'GET /sns/userinfo': async (req) => {
      const token = snsTokens.get(req.query.get('access_token') ?? '');
      const failure = await gate('sns/userinfo', token?.appid ?? '');
      if (failure) return json(failure);
      if (!token || token.openid !== req.query.get('openid')) return json(SimError.invalidCredential);
      if (token.scope !== 'snsapi_userinfo') return json(SimError.apiUnauthorized);
      const f = audienceOf(token.appid).followers.get(token.openid)!;
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
    'POST /__sim/followers': (req) => {
      const appid = String(req.body['appid'] ?? '');
      const tagid = req.body['tagid'] === undefined ? undefined : Number(req.body['tagid']);
      return json({ openids: audienceOf(appid).addFollowers(Number(req.body['count'] ?? 1), tagid) });
    },
    'GET /__sim/followers': (req) => {
      const audience = audienceOf(req.query.get('appid') ?? '');
      return json({ followers: audience.order.slice(0, 200).map((o) => audience.followers.get(o)) });
    },
    'POST /__sim/tags': (req) => json(audienceOf(String(req.body['appid'] ?? '')).createTag(String(req.body['name'] ?? ''))),
    'GET /__sim/qrcodes': (req) => json({ requests: qrRequests.get(req.query.get('appid') ?? '') ?? [] }),
    'GET /__sim/oauth/requests': (req) => json({ requests: oauthRequests.get(req.query.get('appid') ?? '') ?? [] }),

    'GET /cgi-bin/token': async (req) => {
      const appid = req.query.get('appid') ?? '';
      const failure = await gate('cgi-bin/token', appid);
      if (failure) return json(failure);
      if (req.query.get('grant_type') !== 'client_credential') return json(SimError.invalidGrantType);
      const account = state.accounts.get(appid);
      if (!account) return json(SimError.invalidAppid);
      if (req.query.get('secret') !== account.secret) return json(SimError.invalidAppsecret);
      const blocked = whitelists.checkAccount(appid, req.ip);
      if (blocked) return json(blocked);
      const token = state.issue(appid, 'access', '#token');
      return json({ access_token: token.value, expires_in: token.expiresIn });
    },

    'POST /cgi-bin/stable_token': async (req) => {
      const appid = String(req.body['appid'] ?? '');
      const failure = await gate('cgi-bin/stable_token', appid);
      if (failure) return json(failure);
      if (req.body['grant_type'] !== 'client_credential') return json(SimError.invalidGrantType);
      const account = state.accounts.get(appid);
      if (!account) return json(SimError.invalidAppid);
      if (req.body['secret'] !== account.secret) return json(SimError.invalidAppsecret);
      return json(whitelists.checkAccount(appid, req.ip) ?? stableTokens.answer(appid, req.body['force_refresh'] === true));
    },

    'POST /cgi-bin/component/api_component_token': async (req) => {
      const failure = await gate('cgi-bin/component/api_component_token', component.appid);
      if (failure) return json(failure);
      if (req.body['component_appid'] !== component.appid) return json(SimError.invalidComponent);
      if (req.body['component_appsecret'] !== component.secret) return json(SimError.invalidAppsecret);
      const blocked = whitelists.checkComponent(component.appid, req.ip);
      if (blocked) return json(blocked);
      if (!state.tickets.has(String(req.body['component_verify_ticket'] ?? ''))) return json(SimError.invalidTicket);
      const token = state.issue(component.appid, 'component');
      return json({ component_access_token: token.value, expires_in: token.expiresIn });
    },

    'POST /cgi-bin/component/api_create_preauthcode': (req) =>
      componentCall(req, 'cgi-bin/component/api_create_preauthcode', component.appid, () =>
        json({ pre_auth_code: state.oneShot(state.preAuthCodes, 'preauthcode', '', 1800), expires_in: 1800 }),
      ),

    // Counted against the authorizer the code belongs to, so tests can scope faults to it.
    'POST /cgi-bin/component/api_query_auth': (req) =>
      componentCall(req, 'cgi-bin/component/api_query_auth', state.authCodes.get(String(req.body['authorization_code'] ?? ''))?.appid ?? component.appid, () => {
        const entry = state.consume(state.authCodes, String(req.body['authorization_code'] ?? ''));
        if (entry === 'invalid') return json(SimError.invalidAuthCode);
        if (entry === 'expired') return json(SimError.expiredAuthCode);
        const token = state.issue(entry.appid, 'access');
        const refresh = `refreshtoken@@@${hex(16)}`;
        state.refreshTokens.set(refresh, entry.appid);
        return json({
          authorization_info: {
            authorizer_appid: entry.appid,
            authorizer_access_token: token.value,
            expires_in: token.expiresIn,
            authorizer_refresh_token: refresh,
            func_info: [1, 2, 3, 4, 11, 15].map((id) => ({ funcscope_category: { id } })),
          },
        });
      }),

    'POST /cgi-bin/component/api_authorizer_token': async (req) => {
      const appid = String(req.body['authorizer_appid'] ?? '');
      return componentCall(req, 'cgi-bin/component/api_authorizer_token', appid, () => {
        const refresh = String(req.body['authorizer_refresh_token'] ?? '');
        if (state.refreshTokens.get(refresh) !== appid) return json(SimError.invalidRefreshToken);
        const token = state.issue(appid, 'access');
        return json({ authorizer_access_token: token.value, expires_in: token.expiresIn, authorizer_refresh_token: refresh });
      });
    },

    'POST /cgi-bin/component/api_get_authorizer_info': async (req) => {
      const appid = String(req.body['authorizer_appid'] ?? '');
      return componentCall(req, 'cgi-bin/component/api_get_authorizer_info', appid, () => {
        const account = state.accounts.get(appid);
        if (!account) return json(SimError.invalidAppid);
        return json({
          authorizer_info: {
            nick_name: account.nickname,
            head_img: `http://wx.qlogo.cn/mmopen/${appid}/0`,
            service_type_info: { id: 2 },
            verify_type_info: { id: 0 },
            user_name: `gh_${appid.slice(-12)}`,
            principal_name: `${account.nickname} Ltd.`,
            alias: '',
            qrcode_url: `http://mmbiz.qpic.cn/mmbiz/${appid}/0`,
            business_info: { open_pay: 0, open_shake: 0, open_scan: 0, open_card: 0, open_store: 0 },
          },
          authorization_info: { authorizer_appid: appid, func_info: [1, 2, 3, 4, 11, 15].map((id) => ({ funcscope_category: { id } })) },
        });
      });
    },

    'GET /cgi-bin/ticket/getticket': async (req) => {
      const owner = credential(req, 'access_token', 'access');
      const failure = (await gate('cgi-bin/ticket/getticket', isError(owner) ? '' : owner.appid)) ?? (isError(owner) ? owner : undefined);
      if (failure) return json(failure);
      if (req.query.get('type') !== 'jsapi') return json({ errcode: 40097, errmsg: 'invalid args' });
      const appid = (owner as { appid: string }).appid;
      const ticket = state.current(appid, 'jsapi', 300) ?? state.issue(appid, 'jsapi').value;
      const left = Math.floor((state.credentials.get(ticket)!.expiresAt - now()) / 1000);
      return json({ errcode: 0, errmsg: 'ok', ticket, expires_in: left });
    },

    'POST /cgi-bin/message/custom/send': async (req) => {
      const owner = credential(req, 'access_token', 'access');
      const failure = (await gate('cgi-bin/message/custom/send', isError(owner) ? '' : owner.appid)) ?? (isError(owner) ? owner : undefined);
      if (failure) return json(failure);
      const appid = (owner as { appid: string }).appid;
      const refused = conversationsOf(appid).send(req.body, now(), materialExists(appid));
      if (refused) return json(refused);
      sentMessages.set(appid, [...(sentMessages.get(appid) ?? []), req.body]);
      return json({ errcode: 0, errmsg: 'ok' });
    },

    'GET /cgi-bin/componentloginpage': authorizationPage,
    'GET /safe/bindcomponent': authorizationPage,
    /** Today's mobile authorization link (open.weixin.qq.com). */
    'GET /wxaopen/safe/bindcomponent': authorizationPage,

    'GET /cgi-bin/componentloginpage/authorize': async (req) => {
      const appid = req.query.get('authorizer_appid') ?? '';
      const pre = state.consume(state.preAuthCodes, req.query.get('pre_auth_code') ?? '');
      if (typeof pre === 'string' || !state.accounts.has(appid)) {
        return { status: 400, html: '<!doctype html><title>授权失败</title><p>pre_auth_code is invalid or expired</p>' };
      }
      const code = state.oneShot(state.authCodes, 'queryauthcode', appid, 3600);
      await push({
        InfoType: 'authorized',
        AuthorizerAppid: appid,
        AuthorizationCode: code,
        AuthorizationCodeExpiredTime: Math.floor(now() / 1000) + 3600,
        PreAuthCode: req.query.get('pre_auth_code') ?? '',
      });
      const target = new URL(req.query.get('redirect_uri') ?? '');
      target.searchParams.set('auth_code', code);
      target.searchParams.set('expires_in', '3600');
      return { redirect: target.toString() };
    },

    ...audienceRoutes({ audienceOf, accountCall, json }),
    ...materialGetRoutes({ libraryOf, accountCall, json, bytes: (data, contentType, headers) => ({ bytes: data, contentType, headers }), now, selfUrl: () => selfUrl }),

    // ---- control API (ours) ----
    /** {appid, ips: [...] | null}: WeChat's IP whitelist of an account, or of the component (its appid). */
    'PUT /__sim/whitelist': (req) => {
      whitelists.set(String(req.body['appid'] ?? ''), Array.isArray(req.body['ips']) ? req.body['ips'].map(String) : null);
      return json({ ok: true });
    },
    'GET /__sim/stable-token/calls': (req) => json({ calls: stableTokens.calls(req.query.get('appid') ?? '') }),
    'GET /__sim/accounts': () => json({ accounts: [...state.accounts.values()] }),
    'POST /__sim/accounts': (req) => {
      const account = newAccount(req.body as Partial<SimAccount>);
      state.accounts.set(account.appid, account);
      return json(account);
    },
    'PUT /__sim/component/event-url': (req) => {
      eventUrl = String(req.body['url'] ?? '');
      return json({ url: eventUrl });
    },
    'POST /__sim/component/push-ticket': async () => {
      const ticket = `ticket@@@${hex(16)}`;
      state.tickets.add(ticket);
      const result = await push({ InfoType: 'component_verify_ticket', ComponentVerifyTicket: ticket });
      return json({ ticket, ...result });
    },
    'POST /__sim/component/unauthorize': async (req) => {
      const appid = String(req.body['appid'] ?? '');
      state.revoke(appid);
      return json(await push({ InfoType: 'unauthorized', AuthorizerAppid: appid }));
    },
    /** An authorization code for an account, as WeChat's release test hands one over (QUERY_AUTH_CODE:…). */
    'POST /__sim/component/auth-code': (req) => {
      const appid = String(req.body['appid'] ?? '');
      if (!state.accounts.has(appid)) state.accounts.set(appid, newAccount({ appid, nickname: 'Release test' }));
      return json({ auth_code: state.oneShot(state.authCodes, 'queryauthcode', appid, 3600) });
    },
    'PUT /__sim/callback-base': (req) => {
      callbackBase = String(req.body['url'] ?? '');
      return json({ url: callbackBase });
    },
    'GET /__sim/messages': (req) => json({ messages: sentMessages.get(req.query.get('appid') ?? '') ?? [] }),
    /** A follower sends a message: {appid, via: component|direct, mode, message, repeat?, timeoutMs?}. */
    'POST /__sim/follower/send': (req) => followerSend(req.body),
    ...menuRoutes(),
  };

  /** A follower's message or event, delivered as WeChat delivers it (the 48-hour window opens first). */
  async function followerSend(body: Record<string, any>): Promise<Reply> {
    const req = { body };
    {
      const appid = String(req.body['appid'] ?? '');
      const account = state.accounts.get(appid);
      if (!callbackBase) return { status: 400, json: { error: 'no callback base URL set' } };
      const via = req.body['via'] === 'direct' ? 'direct' : 'component';
      const keys =
        via === 'component'
          ? { token: component.token, aesKey: component.aesKey, appid: component.appid }
          : { token: String(req.body['token'] ?? account?.token ?? ''), aesKey: String(req.body['aesKey'] ?? account?.aesKey ?? ''), appid };
      const message: XmlInputObject = {
        ToUserName: `gh_${appid.slice(-12)}`,
        FromUserName: `o${hex(13)}`,
        CreateTime: Math.floor(now() / 1000),
        ...(req.body['message'] as XmlInputObject),
      };
      if (message['MsgType'] !== 'event' && message['MsgId'] === undefined) message['MsgId'] = String(BigInt(`0x${hex(7)}`));
      const talk = conversationsOf(appid);
      const msgType = String(message['MsgType'] ?? '');
      if (['image', 'voice', 'video', 'shortvideo'].includes(msgType) && message['MediaId'] === undefined) {
        message['MediaId'] = talk.issueMedia(msgType === 'shortvideo' ? 'video' : msgType);
        if (msgType === 'image') message['PicUrl'] ??= `http://mmbiz.qpic.cn/mmbiz_jpg/${hex(12)}/0`;
        if (msgType !== 'image' && msgType !== 'voice') message['ThumbMediaId'] ??= talk.issueMedia('thumb');
      }
      talk.interacted(String(message['FromUserName']), message, Number(message['CreateTime']) * 1000);
      const attempts = await deliver({
        url: `${callbackBase}/wxplatform/callback/${appid}`,
        keys,
        mode: (req.body['mode'] as DeliveryMode) ?? 'safe',
        message,
        ...(req.body['repeat'] === undefined ? {} : { repeat: Number(req.body['repeat']) }),
        timeoutMs: Number(req.body['timeoutMs'] ?? 5000),
      });
      return json({ message, attempts });
    }
  }

  /** Custom menus (menus.ts), the temporary media behind followers' messages, and the follower's taps. */
  function menuRoutes(): Record<string, Handler> {
    return {
      'POST /cgi-bin/menu/create': (req) =>
        accountCall(req, 'cgi-bin/menu/create', (appid) => okOr(menusOf(appid).create(req.body['button'], materialExists(appid)))),
      'GET /cgi-bin/menu/get': (req) => accountCall(req, 'cgi-bin/menu/get', (appid) => json(menusOf(appid).get())),
      'GET /cgi-bin/menu/delete': (req) =>
        accountCall(req, 'cgi-bin/menu/delete', (appid) => {
          menusOf(appid).delete();
          return okOr(undefined);
        }),
      'POST /cgi-bin/menu/addconditional': (req) =>
        accountCall(req, 'cgi-bin/menu/addconditional', (appid) => json(menusOf(appid).addConditional(req.body, materialExists(appid)))),
      'POST /cgi-bin/menu/delconditional': (req) =>
        accountCall(req, 'cgi-bin/menu/delconditional', (appid) => okOr(menusOf(appid).deleteConditional(req.body['menuid']))),
      'POST /cgi-bin/menu/trymatch': (req) =>
        accountCall(req, 'cgi-bin/menu/trymatch', (appid) => {
          const follower = audienceOf(appid).followers.get(String(req.body['user_id'] ?? ''));
          if (!follower) return json({ errcode: 65302, errmsg: 'no such user' });
          const matched = menusOf(appid).match(follower);
          return json(matched ? { button: matched.menu } : { errcode: 46003, errmsg: 'menu no exist' });
        }),
      'GET /cgi-bin/media/get': (req) =>
        accountCall(req, 'cgi-bin/media/get', (appid) => {
          const id = req.query.get('media_id') ?? '';
          const media = conversationsOf(appid).media.get(id);
          if (!media) return json({ errcode: 40007, errmsg: 'invalid media_id' });
          // As WeChat: a video comes as a download link, not as bytes.
          if (media.type === 'video') return json({ video_url: `${selfUrl}/__sim/media/download?${new URLSearchParams({ appid, media_id: id })}` });
          return {
            bytes: media.data,
            contentType: media.contentType,
            headers: { 'content-disposition': `attachment; filename="${id}.${conversationsOf(appid).extensionOf(media)}"` },
          };
        }),
      /** The download link media/get gives for a video (WeChat's CDN; no token). */
      'GET /__sim/media/download': (req) => {
        const media = conversationsOf(req.query.get('appid') ?? '').media.get(req.query.get('media_id') ?? '');
        return media ? { bytes: media.data, contentType: media.contentType } : { status: 404, json: { error: 'no such media' } };
      },
      /** Temporary media as if a follower had sent it: {appid, type} → {media_id}. */
      'POST /__sim/media': (req) =>
        json({ media_id: conversationsOf(String(req.body['appid'] ?? '')).issueMedia(String(req.body['type'] ?? 'image'), Number(req.body['size'] ?? 1024)) }),
      /** A follower's last window-opening action at a given time: {appid, openid, at (epoch s)}. */
      'POST /__sim/follower/interaction': (req) => {
        const at = Number(req.body['at'] ?? Math.floor(now() / 1000)) * 1000;
        conversationsOf(String(req.body['appid'] ?? '')).interacted(String(req.body['openid'] ?? ''), { MsgType: 'text' }, at);
        return json({ ok: true });
      },
      'GET /__sim/follower/received': (req) =>
        json({ messages: conversationsOf(req.query.get('appid') ?? '').received.get(req.query.get('openid') ?? '') ?? [] }),
      /**
       * A follower taps a menu button: {appid, via, mode, openid?, button: "button[0].sub_button[1]",
       * scanResult?, pics?, location?}. The button is looked up in the menu this follower sees; what
       * WeChat would push for it goes to the callback.
       */
      'POST /__sim/follower/menu': async (req) => {
        const appid = String(req.body['appid'] ?? '');
        const audience = audienceOf(appid);
        const openid = String(req.body['openid'] ?? audience.addFollowers(1)[0]);
        const follower = audience.followers.get(openid) ?? { tagid_list: [] };
        const seen = menusOf(appid).match(follower);
        if (!seen) return { status: 400, json: { error: 'the account has no menu' } };
        const button = buttonAt(seen.menu, String(req.body['button'] ?? ''));
        if (!button) return { status: 400, json: { error: `no leaf button at ${String(req.body['button'])} in the menu this follower sees` } };
        const event = tapEvent(button, seen.menuid, req.body as TapDetails);
        if (!event) return json({ button, pushed: false });
        const sent = await followerSend({ ...req.body, message: { FromUserName: openid, ...event } });
        return 'json' in sent ? json({ button, pushed: true, ...(sent.json as object) }) : sent;
      },
    };
  }

  const controlRoutes: Record<string, Handler> = {
    'GET /__sim/calls': (req) => json(state.counts(req.query.get('appid') ?? undefined)),
    'POST /__sim/calls/reset': () => {
      state.calls.clear();
      return json({ ok: true });
    },
    'POST /__sim/faults': (req) => {
      const fault: Fault = {
        path: String(req.body['path'] ?? '').replace(/^\/+/, ''),
        ...(req.body['appid'] ? { appid: String(req.body['appid']) } : {}),
        ...(req.body['errcode'] !== undefined ? { errcode: Number(req.body['errcode']) } : {}),
        ...(req.body['errmsg'] ? { errmsg: String(req.body['errmsg']) } : {}),
        remaining: req.body['times'] === undefined ? 1 : Number(req.body['times']),
        delayMs: Number(req.body['delayMs'] ?? 0),
        ...(req.body['status'] !== undefined ? { status: Number(req.body['status']) } : {}),
        ...(typeof req.body['body'] === 'string' ? { body: req.body['body'] } : {}),
        ...(typeof req.body['contentType'] === 'string' ? { contentType: req.body['contentType'] } : {}),
      };
      state.faults.push(fault);
      return json(fault);
    },
    'GET /__sim/faults': () => json({ faults: state.faults }),
    'DELETE /__sim/faults': () => {
      state.faults = [];
      return json({ ok: true });
    },
    'POST /__sim/expire': (req) => {
      if (req.body['component']) state.expire(component.appid, ['component']);
      if (req.body['appid']) state.expire(String(req.body['appid']), ['access', 'jsapi']);
      return json({ ok: true });
    },
    'GET /__sim/tokens': (req) => {
      const appid = req.query.get('appid') ?? '';
      return json({ access_token: state.current(appid, 'access') ?? null, jsapi_ticket: state.current(appid, 'jsapi') ?? null });
    },
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, any> = {};
    if (raw && (req.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(raw) as Record<string, any>;
      } catch {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 47001, errmsg: 'data format error' }));
        return;
      }
    }
    const handler = routes[`${req.method} ${url.pathname}`] ?? controlRoutes[`${req.method} ${url.pathname}`];
    // An armed HTTP fault is thrown from the gate, wherever the route's handler is, and answered as is.
    const reply: Reply | SimHttpFault = handler
      ? await Promise.resolve()
          .then(() =>
            handler({
              method: req.method ?? 'GET',
              path: url.pathname,
              query: url.searchParams,
              body,
              raw: Buffer.concat(chunks),
              contentType: req.headers['content-type'] ?? '',
              ip: callerIp(req.socket.remoteAddress),
            }),
          )
          .catch((error: unknown) => {
            if (error instanceof SimHttpFault) return error;
            throw error;
          })
      : { json: SimError.invalidUrl, status: 404 };
    if (reply instanceof SimHttpFault) {
      res.statusCode = reply.status;
      res.setHeader('content-type', reply.contentType);
      res.end(reply.body);
    } else if ('bytes' in reply) {
      res.statusCode = 200;
      res.setHeader('content-type', reply.contentType);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.end(reply.bytes);
    } else if ('redirect' in reply) {
      res.statusCode = 302;
      res.setHeader('location', reply.redirect);
      res.end();
    } else if ('html' in reply) {
      res.statusCode = reply.status ?? 200;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(reply.html);
    } else {
      res.statusCode = reply.status ?? 200;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(reply.json));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  selfUrl = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
