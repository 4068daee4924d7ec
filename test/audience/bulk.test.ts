import { describe, expect, it } from 'vitest';
import { userWithDirectAccount } from '../support/accounts';
import { allFollowers, audience, waitForSync } from '../support/audience';
import { sim } from '../support/wechat-sim';

/** Changes to many followers at once: at WeChat in its batch sizes, then in the directory and its counters. */
describe('bulk changes to followers', { timeout: 300_000 }, () => {
  const syncedOwner = async (count: number, seed: string) => {
    const owner = await userWithDirectAccount();
    const seeded = await sim.seedAudience(owner.account.appid, count, seed);
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const openids = (await sim.followers(owner.account.appid)).followers.map((f: Record<string, any>) => f.openid as string);
    return { owner, openids, ...seeded };
  };

  // batchtagging: "每次传入的openid列表个数不能超过50个": developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
  it('tags 120 followers in 3 WeChat calls of 50, and the directory, its tag list and its counts follow', async () => {
    const { owner, openids } = await syncedOwner(150, 'bulk-tag');
    const tag = await sim.createTag(owner.account.appid, '新品试用');
    const chosen = openids.slice(0, 120);
    const before = (await audience(owner, 'followers', { limit: 1 })).body.counts;
    const wereUntagged = new Set((await sim.followers(owner.account.appid)).followers.filter((f: Record<string, any>) => f.tagid_list.length === 0).map((f: Record<string, any>) => f.openid));
    const newlyTagged = chosen.filter((o) => wereUntagged.has(o)).length;

    const res = await audience(owner, 'batchTag', { openids: chosen, tagId: tag.id });

    expect(res.body, res.text).toMatchObject({ errcode: 0, done: 120, wechatCalls: 3 });
    expect(new Set(await allFollowers(owner, { tagId: tag.id }))).toEqual(new Set(chosen));
    const after = (await audience(owner, 'followers', { tagId: tag.id, limit: 1 })).body;
    expect(after.total).toBe(120);
    expect(after.counts.untagged).toBe(before.untagged - newlyTagged);
    const atWechat = (await sim.followers(owner.account.appid)).followers.filter((f: Record<string, any>) => f.tagid_list.includes(tag.id));
    expect(atWechat).toHaveLength(120);

    const untagged = await audience(owner, 'batchTag', { openids: chosen.slice(0, 20), tagId: tag.id, untag: true });
    expect(untagged.body).toMatchObject({ errcode: 0, done: 20, wechatCalls: 1 });
    expect((await audience(owner, 'followers', { tagId: tag.id, limit: 1 })).body.total).toBe(100);
  });

  // batchblacklist: "一次最多拉黑20个用户": developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_batchblacklist
  it('blocks 45 followers in 3 WeChat calls of 20, marked in the directory, and unblocks them', async () => {
    const { owner, openids } = await syncedOwner(60, 'bulk-block');
    const chosen = openids.slice(0, 45);

    const blocked = await audience(owner, 'block', { openids: chosen });
    const list = await audience(owner, 'blacklist');
    const one = await audience(owner, 'follower', { openid: chosen[0] });

    expect(blocked.body, blocked.text).toMatchObject({ errcode: 0, done: 45, wechatCalls: 3 });
    expect(new Set((await sim.blacklist(owner.account.appid)).openids)).toEqual(new Set(chosen));
    expect(list.body).toMatchObject({ errcode: 0, total: 45 });
    expect(one.body.follower.blocked).toBe(true);

    const unblocked = await audience(owner, 'unblock', { openids: chosen.slice(0, 5) });
    expect(unblocked.body).toMatchObject({ errcode: 0, done: 5, wechatCalls: 1 });
    expect((await sim.blacklist(owner.account.appid)).openids).toHaveLength(40);
    expect((await audience(owner, 'follower', { openid: chosen[0] })).body.follower.blocked).toBeUndefined();
  });

  it('refuses 501 followers to tag and 201 to block before WeChat is called, naming the field', async () => {
    const owner = await userWithDirectAccount();
    const many = Array.from({ length: 501 }, (_, i) => `oTooMany${String(i).padStart(20, '0')}`);
    const before = await sim.calls(owner.account.appid);

    const tag = await audience(owner, 'batchTag', { openids: many, tagId: 100 });
    const block = await audience(owner, 'block', { openids: many.slice(0, 201) });

    expect(tag.body).toMatchObject({ errcode: 40000, field: 'openids' });
    expect(block.body).toMatchObject({ errcode: 40000, field: 'openids' });
    expect(await sim.calls(owner.account.appid)).toEqual(before);
  });
});
