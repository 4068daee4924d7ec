import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';

/**
 * The simulator behaves like today's WeChat where the product depends on it: stable_token's rules,
 * byte limits, IP whitelists, the user fields WeChat still returns. A private instance with a
 * clock the test moves.
 */
const component = { appid: 'wxc00000000000today', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
let simulator: WechatSimulator;
let now = Date.UTC(2026, 0, 5, 4, 0, 0);

beforeAll(async () => {
  simulator = await startWechatSimulator({ port: 0, component, now: () => now });
});
afterAll(() => simulator.stop());

const request = async (method: string, path: string, body?: unknown) =>
  (
    await fetch(`${simulator.url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
  ).json() as Promise<any>;
const get = (path: string) => request('GET', path);
const post = (path: string, body: unknown) => request('POST', path, body);

const newAccount = () => post('/__sim/accounts', {});
const stable = (account: { appid: string; secret: string }, force = false) =>
  post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: account.appid, secret: account.secret, force_refresh: force });
/** Any call made with an access token: answers errcode 0 while the token works. */
// tags/get is a GET (developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html).
const useToken = (token: string) => get(`/cgi-bin/tags/get?access_token=${token}`);

describe('stable_token (today’s rules)', () => {
  it('keeps one token in normal mode and renews it only in its last 5 minutes, the old one still working', async () => {
    const account = await newAccount();

    const first = await stable(account);
    now += 60 * 60_000;
    const hourLater = await stable(account);
    now += (first.expires_in - 3600 - 240) * 1000; // 4 minutes left
    const renewed = await stable(account);
    const oldStillWorks = await useToken(first.access_token);

    expect(hourLater.access_token).toBe(first.access_token);
    expect(hourLater.expires_in).toBe(first.expires_in - 3600);
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.expires_in).toBe(7200);
    expect(oldStillWorks).toMatchObject({ tags: expect.any(Array) });
  });

  it('invalidates the previous token on a forced refresh', async () => {
    const account = await newAccount();
    const before = await stable(account);

    const forced = await stable(account, true);

    expect(forced.access_token).not.toBe(before.access_token);
    expect(await useToken(before.access_token)).toMatchObject({ errcode: 40001 });
    expect(await useToken(forced.access_token)).toMatchObject({ tags: expect.any(Array) });
  });

  it('does not refresh a forced call within 30 s of the last one, and allows 20 forced refreshes a day', async () => {
    const account = await newAccount();
    const first = await stable(account, true);
    now += 10_000;
    const tooSoon = await stable(account, true);
    const forcedTokens = [first.access_token];
    for (let i = 1; i < 20; i++) {
      now += 31_000;
      forcedTokens.push((await stable(account, true)).access_token);
    }
    now += 31_000;
    const twentyFirst = await stable(account, true);
    const calls = (await get(`/__sim/stable-token/calls?appid=${account.appid}`)).calls;

    expect(tooSoon.access_token).toBe(first.access_token);
    expect(new Set(forcedTokens).size).toBe(20);
    expect(twentyFirst).toMatchObject({ errcode: 45009 });
    expect(calls.filter((c: any) => c.force && c.outcome === 'issued')).toHaveLength(20);
  });

  it('keeps stable_token and cgi-bin/token apart: one does not replace the other', async () => {
    const account = await newAccount();
    const stableToken = await stable(account);

    const plain = await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);
    const again = await stable(account);

    expect(plain.access_token).not.toBe(stableToken.access_token);
    expect(again.access_token).toBe(stableToken.access_token);
  });
});

describe('IP whitelists', () => {
  it('answers 40164 naming the caller IP for an account whose whitelist lacks it, and works once added', async () => {
    const account = await newAccount();
    await request('PUT', '/__sim/whitelist', { appid: account.appid, ips: ['203.0.113.7'] });

    const refused = await stable(account);
    const refusedPlain = await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);
    await request('PUT', '/__sim/whitelist', { appid: account.appid, ips: ['203.0.113.7', '127.0.0.1'] });
    const allowed = await stable(account);

    expect(refused).toMatchObject({ errcode: 40164, errmsg: expect.stringMatching(/^invalid ip 127\.0\.0\.1 ipv6 ::ffff:127\.0\.0\.1, not in whitelist/) });
    expect(refusedPlain).toMatchObject({ errcode: 40164 });
    expect(allowed).toMatchObject({ access_token: expect.any(String) });
  });

  it('answers 61004 naming the caller IP for the component APIs when the platform whitelist lacks it', async () => {
    const pushed = await post('/__sim/component/push-ticket', {});
    await request('PUT', '/__sim/whitelist', { appid: component.appid, ips: ['198.51.100.1'] });

    const refused = await post('/cgi-bin/component/api_component_token', {
      component_appid: component.appid,
      component_appsecret: component.secret,
      component_verify_ticket: pushed.ticket,
    });
    await request('PUT', '/__sim/whitelist', { appid: component.appid, ips: null });

    expect(refused).toMatchObject({ errcode: 61004, errmsg: expect.stringContaining('requestIP: 127.0.0.1') });
  });
});

describe('limits in WeChat’s units', () => {
  const tokenOf = async () => {
    const account = await newAccount();
    return { account, token: (await stable(account)).access_token as string };
  };

  it('takes a remark under 30 bytes and refuses 30 bytes of Chinese (10 characters)', async () => {
    const { account, token } = await tokenOf();
    const [openid] = (await post('/__sim/followers', { appid: account.appid, count: 1 })).openids;
    const remark = (r: string) => post(`/cgi-bin/user/info/updateremark?access_token=${token}`, { openid, remark: r });

    expect(await remark('一二三四五六七八九')).toMatchObject({ errcode: 0 }); // 27 bytes
    expect(await remark('一二三四五六七八九十')).toMatchObject({ errcode: 40092 }); // 30 bytes: "remark too long"
    expect(await remark('a'.repeat(29))).toMatchObject({ errcode: 0 });
  });

  it('takes tag names up to 30 bytes (45158 beyond), refuses duplicates (45157) and system tags (45058)', async () => {
    const { token } = await tokenOf();
    const create = (name: string) => post(`/cgi-bin/tags/create?access_token=${token}`, { tag: { name } });

    const tenChinese = await create('一二三四五六七八九十'); // 30 bytes
    const elevenChinese = await create('一二三四五六七八九十一'); // 33 bytes, 11 characters
    const duplicate = await create('一二三四五六七八九十');
    const starred = await post(`/cgi-bin/tags/update?access_token=${token}`, { tag: { id: 2, name: 'x' } });

    expect(tenChinese).toMatchObject({ tag: { id: expect.any(Number) } });
    expect(elevenChinese).toMatchObject({ errcode: 45158 });
    expect(duplicate).toMatchObject({ errcode: 45157 });
    expect(starred).toMatchObject({ errcode: 45058 });
  });

  it('takes QR string scenes up to 64 bytes', async () => {
    const { token } = await tokenOf();
    const qr = (scene_str: string) =>
      post(`/cgi-bin/qrcode/create?access_token=${token}`, { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str } } });

    expect(await qr('码'.repeat(21))).toMatchObject({ ticket: expect.any(String) }); // 63 bytes
    expect(await qr('码'.repeat(22))).toMatchObject({ errcode: 40053 }); // 66 bytes, 22 characters
  });
});

describe('followers as WeChat describes them today', () => {
  it('answers user/info and batchget without nickname, avatar, gender, region or language', async () => {
    const account = await newAccount();
    const token = (await stable(account)).access_token;
    const [openid] = (await post('/__sim/followers', { appid: account.appid, count: 1 })).openids;

    const one = await get(`/cgi-bin/user/info?access_token=${token}&openid=${openid}&lang=zh_CN`);
    const batch = await post(`/cgi-bin/user/info/batchget?access_token=${token}`, { user_list: [{ openid, lang: 'zh_CN' }] });

    for (const profile of [one, batch.user_info_list[0]]) {
      expect(Object.keys(profile).sort()).toEqual(
        ['groupid', 'openid', 'qr_scene', 'qr_scene_str', 'remark', 'subscribe', 'subscribe_scene', 'subscribe_time', 'tagid_list'].sort(),
      );
      expect(profile).toMatchObject({ openid, subscribe: 1 });
    }
  });

  it('lists followers 10,000 at a time with the total, and keeps the blacklist out of the tags', async () => {
    const account = await newAccount();
    const token = (await stable(account)).access_token;
    const openids = (await post('/__sim/followers', { appid: account.appid, count: 3 })).openids as string[];

    const list = await get(`/cgi-bin/user/get?access_token=${token}`);
    const after = await get(`/cgi-bin/user/get?access_token=${token}&next_openid=${openids[0]}`);
    const blacklisted = await post(`/cgi-bin/tags/members/batchblacklist?access_token=${token}`, { openid_list: [openids[1]] });
    const blacklist = await post(`/cgi-bin/tags/members/getblacklist?access_token=${token}`, { begin_openid: '' });
    const tags = await get(`/cgi-bin/tags/get?access_token=${token}`);
    const tagAsBlacklist = await post(`/cgi-bin/tags/members/batchtagging?access_token=${token}`, { tagid: 1, openid_list: [openids[2]] });

    expect(list).toMatchObject({ total: 3, count: 3, data: { openid: openids }, next_openid: openids[2] });
    expect(after).toMatchObject({ total: 3, count: 2, data: { openid: openids.slice(1) } });
    expect(blacklisted).toMatchObject({ errcode: 0 });
    expect(blacklist).toMatchObject({ total: 1, data: { openid: [openids[1]] } });
    expect(tags.tags.map((t: any) => t.id)).toEqual([2]);
    expect(tagAsBlacklist).toMatchObject({ errcode: 45159 });
  });

  it('answers sns/userinfo with gender 0 and empty region fields', async () => {
    const account = await newAccount();
    await post('/__sim/followers', { appid: account.appid, count: 1 });
    const authorize = await fetch(
      `${simulator.url}/connect/oauth2/authorize?appid=${account.appid}&redirect_uri=${encodeURIComponent('https://example.com/back')}&response_type=code&scope=snsapi_userinfo&state=s`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code');
    const token = await get(`/sns/oauth2/access_token?appid=${account.appid}&secret=${account.secret}&code=${code}&grant_type=authorization_code`);

    const info = await get(`/sns/userinfo?access_token=${token.access_token}&openid=${token.openid}&lang=zh_CN`);

    expect(info).toMatchObject({ openid: token.openid, nickname: expect.any(String), headimgurl: expect.any(String), sex: 0, province: '', city: '', country: '' });
  });
});
