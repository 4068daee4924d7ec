import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { perAppid, type SimContext } from './context';
import type { DeliveryMode } from './follower';
import { bytes, json, type Reply, type Routes } from './reply';

/**
 * The follower panel (扮演粉丝): a page of the simulator where a person running the product locally
 * acts as a follower of an account that authorized the platform or was bound to it: sends text, a
 * photo or a location, follows and unfollows, scans the account's QR codes, taps its menu, and reads
 * the replies as WeChat shows them. The page's script delivers through the same control routes the
 * tests use (`/__sim/follower/send`, `/__sim/follower/menu`, follower.ts underneath), so what it shows
 * is what the product answers a real delivery. Local only: nothing here is in a Lambda bundle.
 */

/**
 * What the owner typed in 公众平台 → 设置与开发 → 基本配置 for an account bound in developer mode:
 * WeChat signs and seals its pushes with these. Absent: the account's own Token and EncodingAESKey, and
 * 明文模式, which WeChat proposes for a new server configuration.
 */
export interface ServerConfig {
  token: string;
  aesKey: string;
  mode: DeliveryMode;
}

/** A follower the panel made for an account (WeChat hides names since 2021: the panel numbers them). */
export interface DemoFollower {
  openid: string;
  name: string;
}

class PanelBook {
  config: ServerConfig | undefined;
  followers: DemoFollower[] = [];
}

/** WeChat takes images up to 10 MB from a follower's phone (as for image materials). */
const maxPhotoBytes = 10 * 1024 * 1024;

const modes: readonly DeliveryMode[] = ['plain', 'compat', 'safe'];

/** The script is a plain file beside this module: the page needs no build step. */
const script = readFileSync(join(import.meta.dirname, 'panel-script.js'), 'utf8');

/**
 * The console's Chinese face (Noto Sans SC, in unicode-range chunks): a machine without a CJK font
 * (a Linux box, CI's Chromium) would draw the page as boxes. Read from the package at start; each
 * chunk is a route of its own (the simulator's routes are exact paths).
 */
const fontRoutes = (): Routes => {
  const css = createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/400.css');
  const files = new Set<string>();
  const face = readFileSync(css, 'utf8')
    .replace(/, url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, '')
    .replace(/url\(\.\/files\/([^)]+\.woff2)\)/g, (_all, file: string) => {
      files.add(file);
      return `url(/follower-panel/fonts/${file})`;
    });
  const routes: Routes = { 'GET /follower-panel/fonts/400.css': () => bytes(Buffer.from(face), 'text/css; charset=utf-8', { 'cache-control': 'max-age=86400' }) };
  for (const file of files) {
    routes[`GET /follower-panel/fonts/${file}`] = () => bytes(readFileSync(join(dirname(css), 'files', file)), 'font/woff2', { 'cache-control': 'max-age=86400' });
  }
  return routes;
};

export const panel = (ctx: SimContext): Routes => {
  const books = perAppid(() => new PanelBook());
  ctx.keepPerAppid('panel', books);

  /**
   * The accounts a follower can reach through the product: those that authorized the platform (a
   * refresh token WeChat still honours; WeChat seals those pushes with the platform's keys, safe mode)
   * and those whose owner had WeChat issue the account's own access_token (bound in developer mode).
   */
  const reachable = () => {
    const authorized = new Set(ctx.state.refreshTokens.values());
    const own = new Set([...ctx.state.credentials.values()].filter((c) => c.kind === 'access' && c.via === 'own').map((c) => c.appid));
    return [...ctx.state.accounts.values()]
      .filter((a) => authorized.has(a.appid) || own.has(a.appid))
      .map((a) => {
        const via = authorized.has(a.appid) ? ('component' as const) : ('direct' as const);
        const config = books(a.appid).config ?? { token: a.token, aesKey: a.aesKey, mode: 'plain' as DeliveryMode };
        return { appid: a.appid, nickname: a.nickname, username: a.username, via, ...(via === 'component' ? { mode: 'safe' as DeliveryMode } : config) };
      })
      .sort((x, y) => (x.via === y.via ? x.nickname.localeCompare(y.nickname, 'zh-CN') : x.via === 'component' ? -1 : 1));
  };

  const mediaOf = (appid: string, id: string) => {
    const material = ctx.libraryOf(appid).items.get(id);
    if (material) {
      return { found: true, type: material.type, name: material.name || id, ...(ctx.libraryOf(appid).files.has(id) ? { url: `/__sim/materials/download?${new URLSearchParams({ appid, media_id: id })}` } : {}) };
    }
    const temporary = ctx.conversationsOf(appid).media.get(id);
    if (temporary) return { found: true, type: temporary.type, name: `${id.slice(0, 8)}.${ctx.conversationsOf(appid).extensionOf(temporary)}`, url: `/__sim/media/download?${new URLSearchParams({ appid, media_id: id })}` };
    return { found: false, type: '', name: id };
  };

  const page = (): Reply => ({ html: pageHtml() });
  return {
    ...fontRoutes(),
    'GET /follower-panel': page,
    'GET /follower-panel/panel.js': () => bytes(Buffer.from(script), 'text/javascript; charset=utf-8', { 'cache-control': 'no-cache' }),

    // ---- control API (the page's, usable by tests too) ----
    'GET /__sim/panel/accounts': () => json({ accounts: reachable() }),
    /** {appid, mode: plain|compat|safe, token?, aesKey?}: the developer-mode server configuration (基本配置). */
    'PUT /__sim/panel/server-config': (req) => {
      const appid = String(req.body['appid'] ?? '');
      const account = ctx.state.accounts.get(appid);
      if (!account) return { status: 404, json: { error: '没有这个公众号' } };
      const mode = req.body['mode'] as DeliveryMode;
      if (!modes.includes(mode)) return { status: 400, json: { error: '消息加解密方式只能是 plain、compat 或 safe', field: 'mode' } };
      const token = typeof req.body['token'] === 'string' && req.body['token'] ? req.body['token'] : account.token;
      const aesKey = typeof req.body['aesKey'] === 'string' && req.body['aesKey'] ? req.body['aesKey'] : account.aesKey;
      if (!/^[A-Za-z0-9]{3,32}$/.test(token)) return { status: 400, json: { error: 'Token 须为 3 到 32 位字母或数字', field: 'token' } };
      if (!/^[A-Za-z0-9]{43}$/.test(aesKey)) return { status: 400, json: { error: 'EncodingAESKey 须为 43 位字母或数字', field: 'aesKey' } };
      books(appid).config = { token, aesKey, mode };
      return json(books(appid).config);
    },
    'GET /__sim/panel/followers': (req) => {
      const appid = req.query.get('appid') ?? '';
      const audience = ctx.audienceOf(appid);
      return json({ followers: books(appid).followers.map((f) => ({ ...f, subscribed: audience.followers.has(f.openid) })) });
    },
    /** 新的粉丝: someone who does not follow the account yet (they follow, or scan a QR code, next). */
    'POST /__sim/panel/followers': (req) => {
      const appid = String(req.body['appid'] ?? '');
      const book = books(appid);
      // An openid as WeChat's: 28 characters, per account.
      const openid = `o${randomBytes(20).toString('base64url').slice(0, 27)}`;
      const follower = { openid, name: `粉丝 ${book.followers.length + 1}` };
      book.followers.push(follower);
      return json({ ...follower, subscribed: false });
    },
    /**
     * A photo the person picked, as WeChat keeps a follower's image: temporary media of those bytes
     * (the raw body, ?appid=) → {media_id}, for an image message that names it.
     */
    'POST /__sim/panel/photo': (req) => {
      const appid = req.query.get('appid') ?? '';
      if (!req.contentType.startsWith('image/') || req.raw.length === 0) return { status: 400, json: { error: '请选择一张图片' } };
      if (req.raw.length > maxPhotoBytes) return { status: 400, json: { error: '图片不能超过 10 MB' } };
      const talk = ctx.conversationsOf(appid);
      const id = talk.issueMedia('image');
      talk.media.set(id, { type: 'image', contentType: req.contentType, data: req.raw });
      return json({ media_id: id });
    },
    /** What a media_id in a reply is (a permanent material or temporary media), and where its bytes are. */
    'GET /__sim/panel/media': (req) => json(mediaOf(req.query.get('appid') ?? '', req.query.get('media_id') ?? '')),
  };
};

const pageHtml = () => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>扮演粉丝 · 微信模拟器</title>
<link rel="stylesheet" href="/follower-panel/fonts/400.css">
<style>
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans SC", sans-serif; background: #ededed; color: #191919; }
header { background: #2e2e2e; color: #fff; padding: 10px 16px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 17px; margin: 0; font-weight: 600; }
header p { margin: 0; font-size: 13px; color: #bbb; }
.layout { display: grid; grid-template-columns: 320px minmax(0, 1fr); gap: 16px; max-width: 1100px; margin: 16px auto; padding: 0 16px; }
.side { display: flex; flex-direction: column; gap: 12px; }
.card { background: #fff; border-radius: 8px; padding: 12px; }
.card h2 { font-size: 14px; margin: 0 0 8px; color: #576b95; }
label { display: block; font-size: 13px; color: #555; margin: 6px 0 2px; }
select, input[type=text], input[type=number] { width: 100%; font: inherit; padding: 6px 8px; border: 1px solid #d0d0d0; border-radius: 4px; background: #fff; }
button { font: inherit; padding: 6px 12px; border-radius: 4px; border: 1px solid #d0d0d0; background: #f7f7f7; cursor: pointer; }
button.primary { background: #07c160; border-color: #07c160; color: #fff; }
button:disabled { opacity: .5; cursor: default; }
.row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-top: 8px; }
.row > input, .row > select { flex: 1 1 120px; width: auto; }
.followers { list-style: none; margin: 0; padding: 0; }
.followers li { margin: 4px 0; }
.followers button { width: 100%; text-align: left; }
.followers button[aria-pressed=true] { border-color: #07c160; background: #e8f8ee; }
.hint { font-size: 12px; color: #888; margin: 4px 0 0; }
.phone { background: #ededed; border: 1px solid #d6d6d6; border-radius: 12px; overflow: hidden; display: flex; flex-direction: column; min-height: 560px; max-height: calc(100vh - 120px); }
.phone__title { background: #ededed; border-bottom: 1px solid #d6d6d6; text-align: center; padding: 10px; font-weight: 600; }
.chat { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; }
.msg { display: flex; max-width: 80%; }
.msg--follower { align-self: flex-end; }
.msg--account { align-self: flex-start; }
.bubble { border-radius: 6px; padding: 8px 10px; background: #fff; word-break: break-word; white-space: pre-wrap; }
.msg--follower .bubble { background: #95ec69; }
.bubble img { max-width: 160px; display: block; border-radius: 4px; }
.bubble small { display: block; color: #888; font-size: 12px; }
.news { background: #fff; border-radius: 6px; padding: 10px; width: 260px; }
.news strong { display: block; }
.news p { margin: 4px 0 0; color: #888; font-size: 13px; }
.system { align-self: center; font-size: 12px; color: #888; background: #dcdcdc; border-radius: 4px; padding: 2px 8px; }
.system--error { color: #fa5151; background: #fde2e2; }
.composer { border-top: 1px solid #d6d6d6; background: #f7f7f7; padding: 8px; }
.composer form { display: flex; gap: 8px; }
.composer input { flex: 1; }
.menubar { display: flex; border-top: 1px solid #d6d6d6; background: #f7f7f7; position: relative; }
.menubar > div { flex: 1; position: relative; }
.menubar > div > button { width: 100%; border: 0; border-left: 1px solid #e0e0e0; border-radius: 0; background: transparent; padding: 10px 4px; }
.submenu { position: absolute; bottom: 100%; left: 4px; right: 4px; background: #fff; border: 1px solid #d6d6d6; border-radius: 6px; padding: 4px 0; list-style: none; margin: 0 0 6px; z-index: 2; }
.submenu button { width: 100%; border: 0; background: transparent; padding: 8px; border-radius: 0; }
.file-button { display: inline-block; margin: 0; padding: 6px 12px; border-radius: 4px; border: 1px solid #d0d0d0; background: #f7f7f7; color: #191919; font-size: 15px; cursor: pointer; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 760px) { .layout { grid-template-columns: minmax(0, 1fr); padding: 0 8px; } .phone { max-height: none; } }
</style>
</head>
<body>
<header><h1>扮演粉丝</h1><p>本机的微信模拟器：以粉丝身份给公众号发消息、关注、扫码、点菜单，看公众号的回复。</p></header>
<div class="layout">
  <div class="side">
    <section class="card" aria-labelledby="h-account">
      <h2 id="h-account">公众号</h2>
      <label for="account">选择公众号（已授权或已绑定）</label>
      <select id="account"></select>
      <p class="hint" id="account-mode"></p>
      <details id="server-config" hidden>
        <summary>服务器配置（开发者模式）</summary>
        <label for="cfg-token">Token</label><input type="text" id="cfg-token" autocomplete="off">
        <label for="cfg-aes">EncodingAESKey</label><input type="text" id="cfg-aes" autocomplete="off">
        <label for="cfg-mode">消息加解密方式</label>
        <select id="cfg-mode"><option value="plain">明文模式</option><option value="compat">兼容模式</option><option value="safe">安全模式（推荐）</option></select>
        <div class="row"><button type="button" id="cfg-save">保存配置</button></div>
        <p class="hint">与绑定公众号时填写的一致，微信才会用它们签名和加密推送。</p>
      </details>
    </section>
    <section class="card" aria-labelledby="h-follower">
      <h2 id="h-follower">粉丝</h2>
      <ul class="followers" id="followers"></ul>
      <div class="row"><button type="button" id="new-follower">新的粉丝</button></div>
      <div class="row"><button type="button" id="follow" class="primary">关注</button><button type="button" id="unfollow">取消关注</button></div>
    </section>
    <section class="card" aria-labelledby="h-more">
      <h2 id="h-more">更多</h2>
      <div class="row"><button type="button" id="send-photo">发送示例照片</button></div>
      <div class="row"><label class="file-button" for="photo-file">选一张图片发送</label><input type="file" id="photo-file" class="visually-hidden" accept="image/*"></div>
      <label for="location">发送位置</label>
      <select id="location">
        <option value="23.1066,113.3245,广州塔">广州塔（广东省广州市海珠区阅江西路222号）</option>
        <option value="39.9087,116.3975,天安门">天安门（北京市东城区）</option>
        <option value="31.2397,121.4998,东方明珠">东方明珠（上海市浦东新区）</option>
        <option value="custom">自己填写…</option>
      </select>
      <div class="row" id="custom-location" hidden>
        <label class="visually-hidden" for="loc-lat">纬度</label><input type="number" id="loc-lat" step="any" placeholder="纬度">
        <label class="visually-hidden" for="loc-lng">经度</label><input type="number" id="loc-lng" step="any" placeholder="经度">
        <label class="visually-hidden" for="loc-label">地点名称</label><input type="text" id="loc-label" placeholder="地点名称">
      </div>
      <div class="row"><button type="button" id="send-location">发送位置</button></div>
      <label for="qrcode">扫描公众号的二维码</label>
      <select id="qrcode"></select>
      <div class="row"><button type="button" id="scan">扫码</button></div>
      <p class="hint">二维码是通过产品生成的带参数二维码；未关注的粉丝扫码即关注。</p>
    </section>
  </div>
  <section class="phone" aria-label="聊天">
    <div class="phone__title" id="chat-title">请选择公众号</div>
    <div class="chat" id="chat" role="log" aria-live="polite"></div>
    <div class="composer">
      <form id="composer"><label class="visually-hidden" for="text">发消息</label><input type="text" id="text" placeholder="文字消息" autocomplete="off"><button type="submit" class="primary">发送</button></form>
    </div>
    <nav class="menubar" id="menubar" aria-label="公众号菜单"></nav>
  </section>
</div>
<script src="/follower-panel/panel.js"></script>
</body>
</html>
`;
