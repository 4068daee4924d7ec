import { describe, expect, it } from 'vitest';
import { authorizeThroughPlatform, userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The official account's lifecycle (issue 23 item 4): what the owner set here survives a second
 * authorization or binding of the same account.
 */
const settings = (owner: UserWithAccount, form: Record<string, string>) =>
  call('/apis/accounts/updateSettings', { token: owner.user.token, form: { appid: owner.account.appid, ...form } });

const detail = (owner: UserWithAccount) => call('/apis/accounts/detail', { token: owner.user.token, query: { appid: owner.account.appid } });

const h5Secret = async (owner: UserWithAccount): Promise<string> => {
  const res = await call('/apis/wxplatform/h5Secrets', { token: owner.user.token, query: { appid: owner.account.appid } });
  expect(res.body, res.text).toMatchObject({ errcode: 0 });
  return res.body.current.secret as string;
};

const code = () => Math.random().toString(36).slice(2, 12) + Math.random().toString(36).slice(2, 8);

describe('re-authorization keeps the settings', () => {
  it('keeps web domains, inbox retention and the H5 secret when the owner authorizes the same account through the platform again', async () => {
    // Prepare: an authorized account with its settings made
    const owner = await userWithComponentAccount();
    expect((await settings(owner, { domains: 'shop.example.com,m.example.com', inboxRetentionDays: '30' })).body).toMatchObject({ errcode: 0 });
    const secret = await h5Secret(owner);

    // Act: the owner authorizes it again (e.g. to grant more permission sets)
    const again = await authorizeThroughPlatform(owner.user, owner.account);

    // Assess
    expect(again.completion?.body, again.completion?.text).toMatchObject({ errcode: 0, status: 'linked', appid: owner.account.appid });
    expect((await detail(owner)).body).toMatchObject({ errcode: 0, account: { status: 'authorized', domains: ['shop.example.com', 'm.example.com'] } });
    const stored = await settings(owner, { domains: 'shop.example.com,m.example.com' });
    expect(stored.body).toMatchObject({ errcode: 0, inboxRetentionDays: 30 });
    expect(await h5Secret(owner)).toBe(secret);
  }, 90_000);

  it('keeps web domains, the domain-check file, inbox retention and the H5 secret when a direct account is bound again', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const content = code();
    const file = `MP_verify_${content}.txt`;
    expect((await settings(owner, { domains: 'shop.example.com', inboxRetentionDays: '7' })).body).toMatchObject({ errcode: 0 });
    expect((await settings(owner, { mpVerifyFile: file, mpVerifyContent: content })).body).toMatchObject({ errcode: 0 });
    const secret = await h5Secret(owner);

    // Act: bound again with the same appid (e.g. after its AppSecret was reset in 公众平台)
    const rebound = await call('/apis/accounts/bindDirect', {
      token: owner.user.token,
      form: { appid: owner.account.appid, appsecret: owner.account.secret, token: owner.account.token, encodingAESKey: owner.account.aesKey },
    });

    // Assess
    expect(rebound.body, rebound.text).toMatchObject({ errcode: 0 });
    expect((await detail(owner)).body).toMatchObject({ errcode: 0, account: { status: 'authorized', domains: ['shop.example.com'] } });
    const stored = await settings(owner, { domains: 'shop.example.com' });
    expect(stored.body).toMatchObject({ errcode: 0, inboxRetentionDays: 7, mpVerifyFile: file });
    const served = await call(`/${file}`);
    expect(served.status).toBe(200);
    expect(served.text).toBe(content);
    expect(await h5Secret(owner)).toBe(secret);
  }, 90_000);
});

describe('the status is the truth', () => {
  // WeChat answers api_authorizer_token with 61023 "refresh_token is invalid" (or 61003 "component is
  // not authorized by this account") once the authorization is gone; only a new one cures it
  // (https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getAuthorizerAccessToken.html).
  it('marks the account 需要重新授权 in its detail and in me when WeChat refuses its refresh token, and a new authorization clears it', async () => {
    // Prepare: an authorized account whose access token is gone and whose refresh token WeChat refuses
    const owner = await userWithComponentAccount();
    const appid = owner.account.appid;
    await sim.fault({ path: 'cgi-bin/component/api_authorizer_token', appid, errcode: 61023, errmsg: 'refresh_token is invalid', times: 1 });
    await sim.expire({ appid });
    const before = await detail(owner);

    // Act: a page asks WeChat for the account's menu; the token store learns the refusal
    const refused = await call('/apis/menus/getMenu', { token: owner.user.token, json: { appid } });
    const after = await detail(owner);
    const me = await call('/apis/user/me', { token: owner.user.token });
    const again = await authorizeThroughPlatform(owner.user, owner.account);
    const cured = await detail(owner);
    const meCured = await call('/apis/user/me', { token: owner.user.token });

    // Assess
    expect(before.body.account).toMatchObject({ needsReauthorization: false });
    expect(refused.body).toMatchObject({ errcode: 50200, wxerrcode: 61023 });
    expect(after.body.account).toMatchObject({ status: 'authorized', needsReauthorization: true, refreshError: { errcode: 61023 } });
    expect(me.body.accounts.find((a: { appid: string }) => a.appid === appid)).toMatchObject({ needsReauthorization: true });
    expect(again.completion?.body).toMatchObject({ errcode: 0, status: 'linked' });
    expect(cured.body.account).toMatchObject({ needsReauthorization: false });
    expect(meCured.body.accounts.find((a: { appid: string }) => a.appid === appid).needsReauthorization).toBeUndefined();
  }, 90_000);
});

describe('a material used by reply rules', () => {
  it('is not deleted while rules use it: 40900 lists those rules; with force it is deleted and they are marked in the rule list', async () => {
    // Prepare: an image as if uploaded in WeChat's back office, sent by two rules; a third rule sends text
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const { media_id } = await sim.seedMaterial(appid, 'image');
    const rule = (json: Record<string, unknown>) => call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid, match: 'exact', ...json } });
    expect((await rule({ type: 'image', reply: { type: 'image', content: { mediaId: media_id } }, request: '门店照片' })).body).toMatchObject({ errcode: 0 });
    const music = { title: '店歌', musicUrl: 'https://shop.example.com/song.mp3', thumbMediaId: media_id };
    expect((await rule({ type: 'music', reply: { type: 'music', content: music }, request: '店歌' })).body).toMatchObject({ errcode: 0 });
    expect((await rule({ type: 'text', reply: { type: 'text', content: '营业时间 9:00–18:00' }, request: '营业时间' })).body).toMatchObject({ errcode: 0 });
    const remove = (form: Record<string, string>, language = 'en') =>
      call('/apis/materials/removeMaterial', { token: owner.user.token, form: { appid, mediaId: media_id, ...form }, headers: { 'accept-language': language } });

    // Act
    const refused = await remove({});
    const refusedInChinese = await remove({}, 'zh-CN');
    const stillThere = (await sim.materials(appid)).materials.some((m) => m.media_id === media_id);
    const forced = await remove({ force: 'true' });
    const list = await call('/apis/wxreplymanage/listReply', { token: owner.user.token, form: { appid } });

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ errcode: 40900, field: 'mediaId', rule: 'material.inUse', given: 2 });
    expect(refused.body.rules).toEqual(expect.arrayContaining([{ keyword: '门店照片', type: 'image' }, { keyword: '店歌', type: 'music' }]));
    expect(refused.body.rules).toHaveLength(2);
    expect(refusedInChinese.body.msg).toContain('2 条自动回复规则');
    expect(stillThere).toBe(true);
    expect(forced.body).toMatchObject({ errcode: 0, rulesMarked: 2 });
    expect((await sim.materials(appid)).materials.some((m) => m.media_id === media_id)).toBe(false);
    const marked = Object.fromEntries((list.body.rules as { request: string; mediaMissing?: boolean }[]).map((r) => [r.request, r.mediaMissing ?? false]));
    expect(marked).toEqual({ 门店照片: true, 店歌: true, 营业时间: false });
  }, 90_000);

  it('is deleted at once when no rule uses it', async () => {
    const owner = await userWithDirectAccount();
    const { media_id } = await sim.seedMaterial(owner.account.appid, 'image');

    const removed = await call('/apis/materials/removeMaterial', { token: owner.user.token, form: { appid: owner.account.appid, mediaId: media_id } });

    expect(removed.body).toMatchObject({ errcode: 0, rulesMarked: 0 });
    expect((await sim.materials(owner.account.appid)).materials.some((m) => m.media_id === media_id)).toBe(false);
  });
});

describe("a direct binding's server configuration (服务器配置)", () => {
  const newKey = () => Array.from({ length: 43 }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[Math.floor(Math.random() * 62)]).join('');
  const change = (owner: UserWithAccount, form: Record<string, string>, language = 'en') =>
    call('/apis/accounts/updateServerConfig', { token: owner.user.token, form: { appid: owner.account.appid, ...form }, headers: { 'accept-language': language } });
  const push = (owner: UserWithAccount, mode: 'plain' | 'safe', keys: { token: string; aesKey?: string }) =>
    sim.send({ appid: owner.account.appid, via: 'direct', mode, message: { MsgType: 'text', Content: '你好' }, ...keys });

  // WeChat signs every push with the token of 基本配置 → 服务器配置 and, in 兼容模式/安全模式, seals it
  // with the EncodingAESKey; it checks the URL with the new token when the owner submits a change
  // (https://developers.weixin.qq.com/doc/service/guide/dev/push/) — so the platform learns the new
  // values first, and accepts the old ones until the owner has submitted them there.
  it('takes a new token, key and safe mode, and accepts pushes with the old and the new ones meanwhile, a plaintext one under the old', async () => {
    // Prepare: bound with its token and key, no mode chosen (pushes may come in plaintext)
    const owner = await userWithDirectAccount();
    const old = { token: owner.account.token, aesKey: owner.account.aesKey };
    const fresh = { token: `new${Date.now()}`, aesKey: newKey() };

    // Act
    const changed = await change(owner, { token: fresh.token, encodingAESKey: fresh.aesKey, encryptMode: 'safe' });
    const [oldSafe, oldPlain, newSafe, forged] = [
      await push(owner, 'safe', old),
      await push(owner, 'plain', old),
      await push(owner, 'safe', fresh),
      await push(owner, 'safe', { token: 'someoneElse1', aesKey: fresh.aesKey }),
    ];
    const newPlain = await push(owner, 'plain', fresh);
    const shown = await detail(owner);

    // Assess
    expect(changed.body, changed.text).toMatchObject({ errcode: 0, encryptMode: 'safe', encrypted: true, previousAcceptedUntil: expect.any(String) });
    expect(Date.parse(changed.body.previousAcceptedUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(oldSafe.attempts[0]).toMatchObject({ status: 200 });
    expect(oldPlain.attempts[0]).toMatchObject({ status: 200 });
    expect(newSafe.attempts[0]).toMatchObject({ status: 200 });
    expect(forged.attempts[0]!.status).toBe(403);
    // Under the new token the new mode holds: 安全模式 refuses plaintext.
    expect(newPlain.attempts[0]!.status).toBe(403);
    expect(shown.body.account).toMatchObject({ encryptMode: 'safe', encrypted: true, previousAcceptedUntil: changed.body.previousAcceptedUntil });
  }, 90_000);

  it('tells a binding without an EncodingAESKey what to do for safe mode, then works in safe mode once the key is given', async () => {
    // Prepare: bound with no EncodingAESKey (明文模式)
    const user = await loggedInUser();
    const bare = await sim.createAccount();
    const bound = await call('/apis/accounts/bindDirect', { token: user.token, form: { appid: bare.appid, appsecret: bare.secret, token: bare.token, encryptMode: 'plain' } });
    expect(bound.body, bound.text).toMatchObject({ errcode: 0 });
    const plainOwner = { user, account: bare };

    // Act
    const sealedBefore = await push(plainOwner, 'safe', { token: bare.token, aesKey: bare.aesKey });
    const refused = await change(plainOwner, { token: bare.token, encryptMode: 'safe' });
    const refusedInChinese = await change(plainOwner, { token: bare.token, encryptMode: 'safe' }, 'zh-CN');
    const given = await change(plainOwner, { token: bare.token, encodingAESKey: bare.aesKey, encryptMode: 'safe' });
    const sealedAfter = await push(plainOwner, 'safe', { token: bare.token, aesKey: bare.aesKey });

    // Assess
    expect(sealedBefore.attempts[0]!.status).toBe(400);
    expect(refused.body).toMatchObject({ errcode: 40000, field: 'encodingAESKey', rule: 'serverConfig.keyForMode', given: 'safe' });
    expect(refusedInChinese.body.msg).toMatch(/^安全模式需要消息加解密密钥（EncodingAESKey）：请在公众平台“设置与开发 → 基本配置 → 服务器配置”/);
    expect(given.body).toMatchObject({ errcode: 0, encryptMode: 'safe', encrypted: true });
    expect(sealedAfter.attempts[0]).toMatchObject({ status: 200 });
  }, 90_000);

  it('has nothing to change for an authorized account: it uses the platform token and key', async () => {
    const owner = await userWithComponentAccount();

    const res = await change(owner, { token: 'anyToken1', encryptMode: 'safe' });

    expect(res.body).toMatchObject({ errcode: 40000, field: 'token', rule: 'serverConfig.directOnly' });
  }, 60_000);
});
