import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';

/**
 * The simulator's large audience: 250,000 followers from a seed, paged as WeChat pages them, with
 * its daily quota and its answer time. A private instance.
 */
const component = { appid: 'wxc0000000000large', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
let simulator: WechatSimulator;

beforeAll(async () => {
  simulator = await startWechatSimulator({ port: 0, component });
});
afterAll(() => simulator.stop());

const request = async (method: string, path: string, body?: unknown) =>
  (
    await fetch(`${simulator.url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
  ).json() as Promise<any>;

const accountWithToken = async () => {
  const account = await request('POST', '/__sim/accounts', {});
  const { access_token } = await request('POST', '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: account.appid, secret: account.secret });
  return { appid: account.appid as string, token: access_token as string };
};

describe('a large audience from a seed', () => {
  // user/get: "一次拉取调用最多拉取10000个关注者的OpenID，可以通过多次拉取的方式来满足需求"
  // (developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html)
  it('lists 250,000 followers in pages of 10,000 after next_openid, each once, with the total', async () => {
    const { appid, token } = await accountWithToken();
    await request('POST', '/__sim/audience/seed', { appid, count: 250_000, seed: 'bench' });

    const seen = new Set<string>();
    let next = '';
    let pages = 0;
    let total = 0;
    for (;;) {
      const page = await request('GET', `/cgi-bin/user/get?access_token=${token}${next ? `&next_openid=${next}` : ''}`);
      total = page.total;
      if (!page.count) break;
      pages++;
      for (const openid of page.data.openid as string[]) seen.add(openid);
      expect(page.count).toBeLessThanOrEqual(10_000);
      next = page.next_openid;
    }

    expect(total).toBe(250_000);
    expect(pages).toBe(25);
    expect(seen.size).toBe(250_000);
    expect([...seen].every((o) => o.length === 28)).toBe(true);
  });

  // batchget: "最多支持一次拉取100条" (developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html)
  it('answers batchget for up to 100 seeded followers without names, and 40032 past 100', async () => {
    const { appid, token } = await accountWithToken();
    const { first } = await request('POST', '/__sim/audience/seed', { appid, count: 1000, seed: 's2' });
    const page = await request('GET', `/cgi-bin/user/get?access_token=${token}`);
    const ids = (page.data.openid as string[]).slice(0, 101);

    const hundred = await request('POST', `/cgi-bin/user/info/batchget?access_token=${token}`, { user_list: ids.slice(0, 100).map((openid) => ({ openid })) });
    const tooMany = await request('POST', `/cgi-bin/user/info/batchget?access_token=${token}`, { user_list: ids.map((openid) => ({ openid })) });

    expect(ids[0]).toBe(first);
    expect(hundred.user_info_list).toHaveLength(100);
    expect(hundred.user_info_list[0]).toMatchObject({ subscribe: 1, openid: first, subscribe_time: expect.any(Number) });
    expect(hundred.user_info_list[0]).not.toHaveProperty('nickname');
    expect(tooMany.errcode).toBe(40032);
  });

  it('keeps a change to a seeded follower (remark, tag) and forgets one who unfollowed', async () => {
    const { appid, token } = await accountWithToken();
    const { first, tagIds } = await request('POST', '/__sim/audience/seed', { appid, count: 100, seed: 's3' });

    await request('POST', `/cgi-bin/user/info/updateremark?access_token=${token}`, { openid: first, remark: '老朋友' });
    await request('POST', `/cgi-bin/tags/members/batchtagging?access_token=${token}`, { tagid: tagIds[0], openid_list: [first] });
    const after = await request('POST', `/cgi-bin/user/info/batchget?access_token=${token}`, { user_list: [{ openid: first }] });

    expect(after.user_info_list[0]).toMatchObject({ remark: '老朋友', tagid_list: expect.arrayContaining([tagIds[0]]) });
  });

  // tags/members/batchtagging: "openid_list 每次传入的openid列表个数不能超过50个"
  // (developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html); blacklist: "一次最多拉黑20个用户"
  // (developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_batchblacklist)
  it('refuses 51 openids to tag and 21 to blacklist with 40032', async () => {
    const { appid, token } = await accountWithToken();
    const { tagIds } = await request('POST', '/__sim/audience/seed', { appid, count: 100, seed: 's4' });
    const ids = (await request('GET', `/cgi-bin/user/get?access_token=${token}`)).data.openid as string[];

    const tag = await request('POST', `/cgi-bin/tags/members/batchtagging?access_token=${token}`, { tagid: tagIds[0], openid_list: ids.slice(0, 51) });
    const black = await request('POST', `/cgi-bin/tags/members/batchblacklist?access_token=${token}`, { openid_list: ids.slice(0, 21) });
    const black20 = await request('POST', `/cgi-bin/tags/members/batchblacklist?access_token=${token}`, { openid_list: ids.slice(0, 20) });
    const list = await request('POST', `/cgi-bin/tags/members/getblacklist?access_token=${token}`, { begin_openid: '' });

    expect(tag.errcode).toBe(40032);
    expect(black.errcode).toBe(40032);
    expect(black20.errcode).toBe(0);
    expect(list).toMatchObject({ total: 20, count: 20 });
  });

  // 45009 "接口调用超过限制" until the next day or clear_quota (developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html)
  it('answers 45009 past the daily quota until the day turns', async () => {
    const { appid, token } = await accountWithToken();
    await request('POST', '/__sim/audience/seed', { appid, count: 100, seed: 's5' });
    await request('PUT', '/__sim/quota', { appid, path: 'cgi-bin/user/get', limit: 1 });

    const first = await request('GET', `/cgi-bin/user/get?access_token=${token}`);
    const second = await request('GET', `/cgi-bin/user/get?access_token=${token}`);
    await request('POST', '/__sim/quota/new-day', { appid });
    const nextDay = await request('GET', `/cgi-bin/user/get?access_token=${token}`);

    expect(first.total).toBe(100);
    expect(second.errcode).toBe(45009);
    expect(nextDay.total).toBe(100);
  });

  it('answers after the configured 30–80 ms, and at once when none is set', async () => {
    const { appid, token } = await accountWithToken();
    const timed = async () => {
      const start = performance.now();
      await request('GET', `/cgi-bin/user/get?access_token=${token}`);
      return performance.now() - start;
    };
    const fast = await timed();
    await request('PUT', '/__sim/latency', { appid, minMs: 30, maxMs: 80 });
    const slow = await timed();

    expect(fast).toBeLessThan(30);
    expect(slow).toBeGreaterThanOrEqual(30);
  });
});
