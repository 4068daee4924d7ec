import { describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import { demoComponent } from '../../local/demo-component';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/** Web OAuth, JSSDK, QR codes, remarks and groups, over HTTP through the local stack and the simulator. */
const as = (owner: UserWithAccount, path: string, form: Record<string, string> = {}) =>
  call(path, { token: owner.user.token, form: { appid: owner.account.appid, ...form } });

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

const setDomains = async (owner: UserWithAccount, domains: string) =>
  expect((await as(owner, '/apis/accounts/updateSettings', { domains })).body.errcode).toBe(0);

/** Follows our 302 to WeChat's authorize page, and WeChat's 302 back to us. */
const oauthRoundTrip = async (appid: string, query: Record<string, string>) => {
  const start = await call('/wxplatform/webauth', { query: { appid, ...query } });
  expect(start.status, start.text).toBe(302);
  const wechat = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const back = wechat.headers.get('location')!;
  return { start: start.headers.get('location')!, back, result: await call(pathOf(back)) };
};

describe('web OAuth', () => {
  // 网页授权 (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html):
  // "state: 重定向后会带上state参数，开发者可以填写a-zA-Z0-9的参数值，最多128字节".
  it("keeps to WeChat's state rule: ours are letters and digits, WeChat stops at its error page for others, and we refuse them coming back", async () => {
    const owner = await userWithDirectAccount();
    await sim.addFollowers(owner.account.appid, 1);
    const states = await Promise.all(
      Array.from({ length: 20 }, async () => new URL((await call('/wxplatform/webauth', { query: { appid: owner.account.appid } })).headers.get('location')!).searchParams.get('state')!),
    );
    const authorize = (state: string) => {
      const url = new URL('/connect/oauth2/authorize', inject('wechatBase'));
      url.search = new URLSearchParams({ appid: owner.account.appid, redirect_uri: 'https://shop.example.com/back', response_type: 'code', scope: 'snsapi_base', state }).toString();
      return fetch(url, { redirect: 'manual' });
    };

    const dashed = await authorize('abc-def_ghi');
    const tooLong = await authorize('a'.repeat(129));
    const longest = await authorize('a'.repeat(128));
    const backWithDash = await call('/wxplatform/webauth', { query: { appid: owner.account.appid, code: 'x', state: `${'a'.repeat(20)}-${'b'.repeat(20)}` } });

    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9]{1,128}$/);
    expect(dashed.status).toBe(400);
    expect(dashed.headers.get('location')).toBeNull();
    expect(await dashed.text()).toContain('state');
    expect(tooLong.status).toBe(400);
    expect(longest.status).toBe(302);
    expect(new URL(longest.headers.get('location')!).searchParams.get('state')).toBe('a'.repeat(128));
    expect(backWithDash.body).toMatchObject({ errcode: 40000, field: 'state' });
  });

  it('sends a direct-mode account to WeChat with every parameter, and completes to the openid', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;

    const { start, back, result } = await oauthRoundTrip(owner.account.appid, { scope: 'snsapi_base' });

    const url = new URL(start);
    expect(url.pathname).toBe('/connect/oauth2/authorize');
    expect(url.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      appid: owner.account.appid,
      response_type: 'code',
      scope: 'snsapi_base',
      // 网页授权: "state … 开发者可以填写a-zA-Z0-9的参数值，最多128字节" (developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html)
      state: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
    });
    expect(url.searchParams.get('redirect_uri')).toMatch(new RegExp(`/wxplatform/webauth\\?appid=${owner.account.appid}$`));
    expect(url.searchParams.has('component_appid')).toBe(false);
    expect(back).toContain('code=');
    expect(result.body).toEqual({ errcode: 0, msg: 'ok', openid });
  });

  it('passes component_appid in component mode and returns userinfo for snsapi_userinfo', async () => {
    const owner = await userWithComponentAccount();
    await sim.addFollowers(owner.account.appid, 1);

    const { start, result } = await oauthRoundTrip(owner.account.appid, { scope: 'snsapi_userinfo' });

    expect(new URL(start).searchParams.get('component_appid')).toBe(demoComponent.appid);
    expect(result.body).toMatchObject({ errcode: 0, openid: expect.any(String), nickname: 'Follower 1', headimgurl: expect.any(String) });
    // Since 2021 WeChat answers gender 0 and empty regions: not passed on as data.
    expect(Object.keys(result.body)).not.toEqual(expect.arrayContaining(['sex']));
    expect(result.body).not.toHaveProperty('city');
  });

  it('refuses a reused code, a forged state and a reused state', async () => {
    const owner = await userWithDirectAccount();
    const first = await oauthRoundTrip(owner.account.appid, {});
    const code = new URL(first.back).searchParams.get('code')!;

    const second = await call('/wxplatform/webauth', { query: { appid: owner.account.appid } });
    const freshState = new URL(second.headers.get('location')!).searchParams.get('state')!;
    const reusedCode = await call('/wxplatform/webauth', { query: { appid: owner.account.appid, code, state: freshState } });
    const forged = await call('/wxplatform/webauth', { query: { appid: owner.account.appid, code: 'x', state: 'F'.repeat(43) } });
    const reusedState = await call(pathOf(first.back));

    expect(first.result.body.errcode).toBe(0);
    expect(reusedCode.body).toMatchObject({ errcode: 40000, wxerrcode: 40163 });
    expect(forged.body.errcode).toBe(40300);
    expect(reusedState.body.errcode).toBe(40300);
  });

  it('redirects with the result only to a domain the account allows', async () => {
    const owner = await userWithDirectAccount();
    await setDomains(owner, 'shop.example.com');

    const allowed = await oauthRoundTrip(owner.account.appid, { redirect: 'https://m.shop.example.com/landing?from=menu' });
    const foreign = await call('/wxplatform/webauth', { query: { appid: owner.account.appid, redirect: 'https://evil.example.net/' } });
    const lookalike = await call('/wxplatform/webauth', { query: { appid: owner.account.appid, redirect: 'https://shop.example.com.evil.net/' } });

    expect(allowed.result.status).toBe(302);
    const landing = new URL(allowed.result.headers.get('location')!);
    expect(landing.host).toBe('m.shop.example.com');
    expect(landing.searchParams.get('from')).toBe('menu');
    expect(landing.searchParams.get('openid')).toMatch(/^o/);
    expect(foreign.body.errcode).toBe(40300);
    expect(lookalike.body.errcode).toBe(40300);
  });
});

describe('JSSDK signature endpoint', () => {
  it('signs with the account’s jsapi_ticket, the url without its fragment', async () => {
    const owner = await userWithDirectAccount();
    const url = 'https://h5.example.com/page?x=%E4%BD%A0&y=1#/inner?z=2';

    const res = await call('/apis/wxplatform/jsticket', { form: { appid: owner.account.appid, url }, headers: { origin: 'https://h5.example.com' } });
    const { jsapi_ticket } = await sim.tokens(owner.account.appid);

    const expected = createHash('sha1')
      .update(`jsapi_ticket=${jsapi_ticket}&noncestr=${res.body.nonceStr}&timestamp=${res.body.timestamp}&url=https://h5.example.com/page?x=%E4%BD%A0&y=1`)
      .digest('hex');
    expect(res.body).toMatchObject({ errcode: 0, appid: owner.account.appid, signature: expected });
    expect(Math.abs(res.body.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://h5.example.com');
  });

  it('refuses pages of other domains when the account restricts them', async () => {
    const owner = await userWithDirectAccount();
    await setDomains(owner, 'h5.example.com');

    const ok = await call('/apis/wxplatform/jsticket', { form: { appid: owner.account.appid, url: 'https://h5.example.com/a' } });
    const foreign = await call('/apis/wxplatform/jsticket', { form: { appid: owner.account.appid, url: 'https://other.example.org/a' } });

    expect(ok.body.errcode).toBe(0);
    expect(foreign.status).toBe(403);
    expect(foreign.body.errcode).toBe(40300);
  });
});

describe('QR codes', () => {
  it('asks WeChat for each of the four kinds with the right action and scene', async () => {
    const owner = await userWithDirectAccount();

    const answers = [
      await as(owner, '/apis/wxplatform/qrcode', { sceneId: '42', expire: '3600' }),
      await as(owner, '/apis/wxplatform/qrcode', { senseld: 'spring-sale', expire: '600' }),
      await as(owner, '/apis/wxplatform/qrcode', { sceneId: '100000' }),
      await as(owner, '/apis/wxplatform/qrcode', { sceneId: 'shop-door' }),
    ];
    const { requests } = await sim.qrRequests(owner.account.appid);

    expect(requests).toEqual([
      { action_name: 'QR_SCENE', expire_seconds: 3600, action_info: { scene: { scene_id: 42 } } },
      { action_name: 'QR_STR_SCENE', expire_seconds: 600, action_info: { scene: { scene_str: 'spring-sale' } } },
      { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100000 } } },
      { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'shop-door' } } },
    ]);
    for (const a of answers) {
      expect(a.body).toMatchObject({ errcode: 0, ticket: expect.any(String), url: expect.stringMatching(/^http/) });
      expect(a.body.qrcodeUrl).toBe(`${new URL(a.body.qrcodeUrl).origin}/cgi-bin/showqrcode?ticket=${encodeURIComponent(a.body.ticket)}`);
    }
    expect(answers[0]!.body.expire_seconds).toBe(3600);
  });

  it('refuses out-of-range scenes and expiry before WeChat is called', async () => {
    const owner = await userWithDirectAccount();
    const before = await sim.calls(owner.account.appid);

    const bad = [
      await as(owner, '/apis/wxplatform/qrcode', { sceneId: '100001' }),
      await as(owner, '/apis/wxplatform/qrcode', { sceneId: '0' }),
      await as(owner, '/apis/wxplatform/qrcode', { sceneId: '7', expire: '2592001' }),
      await as(owner, '/apis/wxplatform/qrcode', { sceneId: 'x'.repeat(65) }),
    ];

    expect(bad.map((b) => [b.status, b.body.errcode])).toEqual(Array(4).fill([400, 40000]));
    expect(bad.map((b) => [b.body.field, b.body.rule])).toEqual([
      ['sceneId', 'qr.permanentScene'],
      ['sceneId', 'qr.permanentScene'],
      ['expire', 'qr.expire'],
      ['sceneId', 'maxBytes'],
    ]);
    expect((await sim.calls(owner.account.appid))['cgi-bin/qrcode/create']).toBe(before['cgi-bin/qrcode/create']);
  });
});

describe('followers and groups', () => {
  it('creates, lists, moves into, finds, lists members of, renames and deletes a group', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;

    const created = await as(owner, '/apis/wxplatform/createGroup', { groupName: '测试分组' });
    const groupId = String(created.body.group.id);
    const moved = await as(owner, '/apis/wxplatform/moveUserToGroup', { groupId, openid: openid! });
    const listed = await as(owner, '/apis/wxplatform/getGroups');
    const which = await as(owner, '/apis/wxplatform/getWhichGroup', { openid: openid! });
    const members = await as(owner, '/apis/wxplatform/getGroupUsers', { groupId });
    const renamed = await as(owner, '/apis/wxplatform/updateGroup', { groupId, groupName: 'VIP' });
    const remark = await as(owner, '/apis/wxplatform/updateRemark', { openid: openid!, remark: '老客户' });
    const afterRename = await as(owner, '/apis/wxplatform/getGroups');
    const deleted = await as(owner, '/apis/wxplatform/deleteGroup', { groupId });
    const afterDelete = await as(owner, '/apis/wxplatform/getGroups');
    const whichAfter = await as(owner, '/apis/wxplatform/getWhichGroup', { openid: openid! });

    expect(created.body).toMatchObject({ errcode: 0, group: { id: expect.any(Number), name: '测试分组' } });
    expect(moved.body.errcode).toBe(0);
    expect(listed.body.groups).toContainEqual({ id: Number(groupId), name: '测试分组', count: 1 });
    expect(which.body).toEqual({ errcode: 0, msg: 'ok', groupid: Number(groupId) });
    expect(members.body.users).toEqual([expect.objectContaining({ openid, subscribe: 1, tagid_list: [Number(groupId)], groupid: Number(groupId) })]);
    expect(members.body.users[0]).not.toHaveProperty('nickname');
    expect(members.body.next).toBeUndefined();
    expect(renamed.body.errcode).toBe(0);
    expect(remark.body.errcode).toBe(0);
    expect((await sim.followers(owner.account.appid)).followers[0]).toMatchObject({ remark: '老客户' });
    expect(afterRename.body.groups).toContainEqual({ id: Number(groupId), name: 'VIP', count: 1 });
    expect(deleted.body.errcode).toBe(0);
    expect(afterDelete.body.groups.map((g: any) => g.id)).not.toContain(Number(groupId));
    expect(whichAfter.body.groupid).toBe(0);
  });

  it('moves a follower out of their old group: they end in exactly one', async () => {
    const owner = await userWithDirectAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids;
    const a = (await as(owner, '/apis/wxplatform/createGroup', { groupName: 'A' })).body.group.id;
    const b = (await as(owner, '/apis/wxplatform/createGroup', { groupName: 'B' })).body.group.id;

    await as(owner, '/apis/wxplatform/moveUserToGroup', { groupId: String(a), openid: openid! });
    await as(owner, '/apis/wxplatform/moveUserToGroup', { groupId: String(b), openid: openid! });
    const groups = (await as(owner, '/apis/wxplatform/getGroups')).body.groups;

    expect(groups).toContainEqual({ id: a, name: 'A', count: 0 });
    expect(groups).toContainEqual({ id: b, name: 'B', count: 1 });
    expect((await sim.followers(owner.account.appid)).followers[0]!['tagid_list']).toEqual([b]);
  });

  it('refuses to rename or delete WeChat’s own groups before asking WeChat', async () => {
    const owner = await userWithDirectAccount();
    const before = await sim.calls(owner.account.appid);

    const rename = await as(owner, '/apis/wxplatform/updateGroup', { groupId: '2', groupName: 'x' });
    const remove = await as(owner, '/apis/wxplatform/deleteGroup', { groupId: '0' });

    expect([rename.body.errcode, remove.body.errcode]).toEqual([40000, 40000]);
    expect(await sim.calls(owner.account.appid)).toEqual(before);
  });

  it('pages a group of 10,050 followers past WeChat’s 10,000-openid listing, 100 profiles a call', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const tag = await sim.createTag(owner.account.appid, 'Big');
    await sim.addFollowers(owner.account.appid, 10_050, tag.id);
    const before = await sim.calls(owner.account.appid);

    // Act
    const seen = new Set<string>();
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await as(owner, '/apis/wxplatform/getGroupUsers', { groupId: String(tag.id), limit: '1000', ...(next ? { next } : {}) });
      expect(page.body.errcode).toBe(0);
      for (const user of page.body.users) seen.add(user.openid);
      next = page.body.next;
      pages++;
    } while (next && pages < 20);
    const after = await sim.calls(owner.account.appid);

    // Assess
    expect(seen.size).toBe(10_050);
    expect(pages).toBe(11);
    expect(after['cgi-bin/user/info/batchget']! - (before['cgi-bin/user/info/batchget'] ?? 0)).toBe(101);
  });

  it('answers a duplicate group name as 40900 with WeChat’s errcode, and 40300 for another user’s appid', async () => {
    const owner = await userWithDirectAccount();
    const stranger = await userWithDirectAccount();
    await as(owner, '/apis/wxplatform/createGroup', { groupName: 'Dup' });

    const duplicate = await as(owner, '/apis/wxplatform/createGroup', { groupName: 'Dup' });
    const foreign = await call('/apis/wxplatform/getGroups', { token: stranger.user.token, form: { appid: owner.account.appid } });

    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ errcode: 40900, wxerrcode: 45157, field: 'groupName' });
    expect(foreign.body.errcode).toBe(40300);
  });
});
