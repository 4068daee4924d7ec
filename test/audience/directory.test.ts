import { describe, expect, it } from 'vitest';
import { userWithDirectAccount } from '../support/accounts';
import { allFollowers, audience, waitForSync } from '../support/audience';
import { sim } from '../support/wechat-sim';

/**
 * The follower directory over HTTP: the sync from the simulator's audience (user/get by 10,000,
 * batchget by 100, run by the queue's worker in 2-second slices), its questions answered by keys,
 * and follows / unfollows reaching it through the record stream.
 */
describe('the follower directory', { timeout: 300_000 }, () => {
  // user/get ("一次拉取调用最多拉取10000个关注者的OpenID"): developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html;
  // batchget ("最多支持一次拉取100条"): developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
  it('syncs 1,500 followers and answers by tag, QR scene, remark prefix and time range, totals from the counters', async () => {
    const owner = await userWithDirectAccount();
    const { tagIds, first } = await sim.seedAudience(owner.account.appid, 1500, 'questions');
    const atWechat: any[] = (await sim.followers(owner.account.appid)).followers;

    const started = await audience(owner, 'sync');
    expect(started.body, started.text).toMatchObject({ errcode: 0, started: true, status: { state: 'running' } });
    const done = await waitForSync(owner, (s) => s.state === 'done');

    expect(done).toMatchObject({ kind: 'full', wechatTotal: 1500, checked: 1500, written: 1500, unchanged: 0 });
    // 15 batchget calls of 100: never a call per follower, never one twice.
    const calls = await sim.calls(owner.account.appid);
    expect(calls['cgi-bin/user/info/batchget']).toBe(15);
    const everyone = await audience(owner, 'followers', { limit: 5 });
    expect(everyone.body.total).toBe(1500);
    expect(everyone.body.followers).toHaveLength(5);
    const times = everyone.body.followers.map((f: { subscribeTime: number }) => f.subscribeTime);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const tagged = await allFollowers(owner, { tagId: tagIds[0] });
    const { counts } = everyone.body;
    expect(tagged.length).toBe(counts.tags[String(tagIds[0])]);
    expect(tagged.length).toBeGreaterThan(0);
    expect(counts.untagged + Object.values(counts.tags as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1500);

    const scene = await audience(owner, 'followers', { scene: 'scene1', limit: 100 });
    expect(scene.body.total).toBe(counts.scenes['scene1']);
    expect(scene.body.followers.every((f: { qrScene: string }) => f.qrScene === 'scene1')).toBe(true);

    const remarked = await allFollowers(owner, { remarkPrefix: '会员1' });
    expect(remarked.length).toBeGreaterThan(0);
    const oneRemarked = await audience(owner, 'follower', { openid: remarked[0] });
    expect(oneRemarked.body.follower.remark.startsWith('会员1')).toBe(true);

    const firstFollower = atWechat.find((f) => f.openid === first)!;
    const inRange = await allFollowers(owner, { from: firstFollower.subscribe_time, to: firstFollower.subscribe_time + 600 * 10 });
    expect(inRange[0]).toBe(first);
    expect(inRange.length).toBeGreaterThanOrEqual(9);
    expect(inRange.length).toBeLessThanOrEqual(12);

    const one = await audience(owner, 'follower', { openid: first });
    expect(one.body).toMatchObject({ errcode: 0, follower: { openid: first, subscribed: true, subscribeTime: firstFollower.subscribe_time }, noNames: expect.stringContaining('2021-12-27') });
  });

  it('resumes a sync killed halfway from its checkpoint: every follower once, none missing, none written twice', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await sim.seedAudience(appid, 3000, 'killed');
    await sim.latency(appid, { minMs: 30, maxMs: 80 });

    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.checked > 0);
    // The worker dies in the middle of a step: WeChat's gateway fails three batchget calls in a row.
    await sim.fault({ path: 'cgi-bin/user/info/batchget', appid, status: 502, times: 3 });
    const done = await waitForSync(owner, (s) => s.state === 'done' || s.state === 'failed');
    await sim.latency(appid, 'off');

    expect(done.state).toBe('done');
    expect(done).toMatchObject({ wechatTotal: 3000, checked: 3000, written: 3000, unchanged: 0 });
    const listed = await allFollowers(owner);
    expect(listed).toHaveLength(3000);
    expect(new Set(listed).size).toBe(3000);
    expect((await audience(owner, 'followers', { limit: 1 })).body.counts.total).toBe(3000);
  });

  // 45009 "reach max api daily quota limit" until midnight China time, or the owner's clear_quota:
  // developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
  it('pauses on the daily quota (45009), says until when, and finishes after the day turns', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await sim.seedAudience(appid, 2000, 'quota');
    await sim.quota(appid, 'cgi-bin/user/info/batchget', 14);

    const started = await audience(owner, 'sync');
    expect(started.body, started.text).toMatchObject({ started: true, quota: { needed: 20, remain: 14, dailyLimit: 14 } });
    const paused = await waitForSync(owner, (s) => s.state === 'paused');
    expect(paused).toMatchObject({ reason: 'wechatDailyApiQuota', pausedUntil: expect.stringMatching(/T16:00:00/) });
    expect(paused.checked).toBeLessThan(2000);
    // Nothing left today: a new sync is refused before WeChat is asked for more.
    const refused = await audience(owner, 'sync');
    expect(refused.body).toMatchObject({ errcode: 42910, rule: 'wechatDailyApiQuota' });

    await sim.quotaNewDay(appid);
    const resumed = await audience(owner, 'sync');
    expect(resumed.body.status.state).toBe('running');
    const done = await waitForSync(owner, (s) => s.state === 'done');

    expect(done).toMatchObject({ checked: 2000, written: 2000 });
    expect((await audience(owner, 'followers', { limit: 1 })).body.total).toBe(2000);
  });

  it('writes only what changed on the next sync', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const { first } = await sim.seedAudience(appid, 500, 'resync');
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    await call(owner, first);

    await audience(owner, 'sync');
    const again = await waitForSync(owner, (s) => s.state === 'done' && s.kind === 'resync');

    expect(again).toMatchObject({ checked: 500, written: 1, unchanged: 499 });
    expect((await audience(owner, 'follower', { openid: first })).body.follower.remark).toBe('常客');
    expect(await allFollowers(owner, { remarkPrefix: '常' })).toEqual([first]);
  });

  it('reflects a follow and an unfollow without a sync, and counts each once', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await sim.seedAudience(appid, 200, 'events');
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const openid = 'oFollowedByQr000000000000001';
    const push = (Event: string, extra: Record<string, string> = {}) =>
      sim.send({ appid, via: 'direct', mode: 'safe', message: { MsgType: 'event', Event, FromUserName: openid, ...extra }, token: owner.account.token, aesKey: owner.account.aesKey });

    await push('subscribe', { EventKey: 'qrscene_poster' });
    const followed = await eventually(async () => (await audience(owner, 'follower', { openid })).body, (b) => b.errcode === 0);
    const counted = (await audience(owner, 'followers', { scene: 'poster' })).body;
    await push('unsubscribe');
    const unfollowed = await eventually(async () => (await audience(owner, 'follower', { openid })).body, (b) => b.follower?.subscribed === false);
    const after = (await audience(owner, 'followers', { scene: 'poster' })).body;

    expect(followed.follower).toMatchObject({ subscribed: true, qrScene: 'poster' });
    expect(counted).toMatchObject({ total: 1, counts: { total: 201 } });
    expect(counted.followers.map((f: { openid: string }) => f.openid)).toEqual([openid]);
    expect(unfollowed.follower.unsubscribedAt).toEqual(expect.any(Number));
    expect(after).toMatchObject({ total: 0, followers: [], counts: { total: 200 } });
  });

  it('refuses two filters at once, naming the second', async () => {
    const owner = await userWithDirectAccount();
    const res = await audience(owner, 'followers', { tagId: 100, scene: 'x' });
    expect(res.body).toMatchObject({ errcode: 40000, field: 'scene', rule: 'audience.oneFilter' });
  });
});

const call = async (owner: { account: { appid: string } }, openid: string) => {
  // The remark changed in WeChat's own back office (or by another tool).
  const tokens = await sim.tokens(owner.account.appid);
  const res = await fetch(`${(await import('vitest')).inject('wechatBase')}/cgi-bin/user/info/updateremark?access_token=${tokens.access_token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, remark: '常客' }),
  });
  expect(((await res.json()) as { errcode: number }).errcode).toBe(0);
};

const eventually = async <T>(read: () => Promise<T>, until: (v: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
};
