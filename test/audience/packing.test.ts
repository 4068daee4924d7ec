import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localRecordQueues } from '../../local/record-stream';
import { userWithDirectAccount } from '../support/accounts';
import { allFollowers, audience, waitForSync } from '../support/audience';
import { testDb } from '../support/dynamo';
import { sim } from '../support/wechat-sim';
import { callbackItem, streamEvent, streamRecord, uniqueAppid } from '../records/stream-events';

/**
 * The directory packed into blocks (docs/audience.md, "Layout"): a block two writers change at
 * once keeps both changes, a much larger audience moves to a new generation, and every question
 * still answers what WeChat holds, in order, by keys.
 */
type Directory = typeof import('../../src/audience/data/directory');
let dir: Directory;
let consumeRecords: typeof import('../../src/records/consume').consumeRecords;
let feed: typeof import('../../src/records/follower-directory').followerDirectoryFeed;

beforeAll(async () => {
  process.env['RECORD_FAILURES_QUEUE_URL'] = `${inject('queuesEndpoint')}/000000000000/${localRecordQueues.pluginFailures}`;
  dir = await import('../../src/audience/data/directory');
  ({ consumeRecords } = await import('../../src/records/consume'));
  ({ followerDirectoryFeed: feed } = await import('../../src/records/follower-directory'));
});

/** The table's items under one key (all pages). */
const itemsUnder = async (pk: string): Promise<Record<string, any>[]> => {
  const items: Record<string, any>[] = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await testDb().send(new QueryCommand({ TableName: inject('tableName'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Every follower as WeChat itself gives them (user/get, then batchget by 100), through the simulator's API. */
const wechatFollowers = async (appid: string) => {
  const base = inject('wechatBase');
  const { access_token: token } = await sim.tokens(appid);
  const list = (await (await fetch(`${base}/cgi-bin/user/get?access_token=${token}`)).json()) as { data: { openid: string[] } };
  const followers: { openid: string; subscribe_time: number; tagid_list: number[]; qr_scene_str: string; remark: string }[] = [];
  for (let i = 0; i < list.data.openid.length; i += 100) {
    const res = await fetch(`${base}/cgi-bin/user/info/batchget?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_list: list.data.openid.slice(i, i + 100).map((openid) => ({ openid, lang: 'zh_CN' })) }),
    });
    followers.push(...((await res.json()) as { user_info_list: typeof followers }).user_info_list);
  }
  return followers;
};

const shardsOf = async (prefix: string) => (await Promise.all([...Array(8).keys()].map((s) => itemsUnder(`${prefix}#${s}`)))).flat();

describe('the packed follower directory', { timeout: 300_000 }, () => {
  it('keeps both a follow from the record stream and a sync write made from an older copy of the same block', async () => {
    const appid = uniqueAppid();
    const gen = dir.initialLayout;
    const streamed = `o${appid}follower`;
    let synced = '';
    for (let i = 0; !synced; i++) if (dir.bucketOf(`oSynced${appid}${i}`, gen.buckets) === dir.bucketOf(streamed, gen.buckets)) synced = `oSynced${appid}${i}`;
    const now = Math.floor(Date.now() / 1000);
    const fromSync = { openid: synced, subscribed: true, subscribeTime: now - 20 * 86_400, subscribeScene: 'ADD_SCENE_SEARCH', qrScene: '', remark: '', tags: [] };
    const first = dir.emptyPlan();
    dir.planChange(first, appid, gen, undefined, fromSync);
    await dir.writePlan(first);

    // The sync holds the block as it was; then a follow reaches the record stream consumer.
    const syncCopy: import('../../src/audience/data/directory').BlockCache = new Map();
    await dir.readBlocks([dir.followerKey(appid, synced, gen)], syncCopy);
    await consumeRecords(streamEvent(streamRecord(callbackItem(appid, { msgType: 'event', event: 'subscribe' }))), [feed]);
    const second = dir.emptyPlan();
    dir.planChange(second, appid, gen, fromSync, { ...fromSync, remark: 'VIP客户' });
    const stats = { requests: 0, items: 0, capacityUnits: 0, conflicts: 0 };
    await dir.writePlan(second, stats, syncCopy);

    expect(stats.conflicts).toBe(1);
    const both = await dir.getFollowers(appid, [synced, streamed]);
    expect(both.get(synced)?.remark).toBe('VIP客户');
    expect(both.get(streamed)).toMatchObject({ subscribed: true });
    expect((await dir.queryIndex(appid, 'time', { limit: 10, descending: true })).followers.map((f) => f.openid)).toEqual([streamed, synced]);
    expect((await dir.queryIndex(appid, 'remark', { limit: 10, prefix: 'vip' })).followers.map((f) => f.openid)).toEqual([synced]);

    // And the other way round: an unfollow lands between the sync's read and its write.
    const thirdCopy: import('../../src/audience/data/directory').BlockCache = new Map();
    await dir.readBlocks([dir.followerKey(appid, synced, gen)], thirdCopy);
    await consumeRecords(streamEvent(streamRecord(callbackItem(appid, { msgType: 'event', event: 'unsubscribe' }))), [feed]);
    const third = dir.emptyPlan();
    dir.planChange(third, appid, gen, { ...fromSync, remark: 'VIP客户' }, { ...fromSync, remark: 'VIP客户', tags: [101] });
    await dir.writePlan(third, stats, thirdCopy);

    expect(stats.conflicts).toBe(2);
    const after = await dir.getFollowers(appid, [synced, streamed]);
    expect(after.get(streamed)).toMatchObject({ subscribed: false, unsubscribedAt: expect.any(Number) });
    expect(after.get(synced)?.tags).toEqual([101]);
    expect((await dir.queryIndex(appid, 'time', { limit: 10, descending: true })).followers.map((f) => f.openid)).toEqual([synced]);
    expect((await dir.queryIndex(appid, 'tag:101', { limit: 10, descending: true })).followers.map((f) => f.openid)).toEqual([synced]);
  });

  it('answers every question after packing in WeChat’s order, page by page, with ~0.1 items a follower', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const { tagIds } = await sim.seedAudience(appid, 2500, 'packed');
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const atWechat = await wechatFollowers(appid);
    expect(atWechat).toHaveLength(2500);
    const newestFirst = [...atWechat].sort((a, b) => b.subscribe_time - a.subscribe_time);

    // Everyone newest first over ~3 weeks of subscribe time: every page follows the last.
    expect(await allFollowers(owner)).toEqual(newestFirst.map((f) => f.openid));
    const from = newestFirst[2000]!.subscribe_time;
    const to = newestFirst[300]!.subscribe_time;
    const inRange = newestFirst.filter((f) => f.subscribe_time >= from && f.subscribe_time <= to).reverse();
    expect(await allFollowers(owner, { from, to })).toEqual(inRange.map((f) => f.openid));
    expect(await allFollowers(owner, { tagId: tagIds[1] })).toEqual(newestFirst.filter((f) => f.tagid_list.includes(tagIds[1]!)).map((f) => f.openid));
    expect(await allFollowers(owner, { scene: 'scene2' })).toEqual(newestFirst.filter((f) => f.qr_scene_str === 'scene2').map((f) => f.openid));
    const page = await audience(owner, 'followers', { tagId: tagIds[1], limit: 3 });
    expect(page.body.followers[0]).toMatchObject({ openid: expect.any(String), subscribeTime: expect.any(Number), tags: [tagIds[1]], subscribeScene: expect.any(String) });

    // What that cost in items: blocks of ~50, a week of an index per item, remarks one each.
    const layout = await dir.getLayout(appid);
    const records = await shardsOf(`FOLLOWERS#${appid}#g${layout.generation}`);
    const time = await shardsOf(`FOLLOWERIDX#${appid}#g${layout.generation}#time`);
    const tags = (await Promise.all(tagIds.map((t) => itemsUnder(`FOLLOWERIDX#${appid}#g${layout.generation}#tag:${t}#0`)))).flat();
    const scenes = (await Promise.all([0, 1, 2, 3, 4].map((s) => itemsUnder(`FOLLOWERIDX#${appid}#g${layout.generation}#scene:scene${s}#0`)))).flat();
    const remarks = await shardsOf(`FOLLOWERIDX#${appid}#g${layout.generation}#remark`);
    // ~126 followers a shard a week: weeks spill into a second sub-block, and the pages above still came in order.
    expect(time.some((item) => String(item['sk']).endsWith('#001'))).toBe(true);
    expect(time.every((item) => Number(item['n']) <= dir.subBlockCap)).toBe(true);
    expect(layout.buckets).toBe(dir.bucketsFor(2500));
    expect(records).toHaveLength(layout.buckets);
    expect(remarks).toHaveLength(atWechat.filter((f) => f.remark).length);
    const items = records.length + time.length + tags.length + scenes.length + remarks.length;
    expect(items / 2500).toBeLessThan(0.15);
  });

  // 45009 pauses the build until WeChat's day turns: developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
  it('moves a directory that grew past its buckets to a new generation, keeps a follow made while it is built, and drops the old one', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await sim.seedAudience(appid, 120, 'small');
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    const small = await dir.getLayout(appid);
    expect(small).toEqual({ generation: 0, buckets: 8 });

    await sim.seedAudience(appid, 3000, 'grown');
    // WeChat's daily quota stops the run a third of the way: the new generation is half built.
    await sim.quota(appid, 'cgi-bin/user/info/batchget', 10);
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'paused');
    const building = await dir.getLayout(appid);
    const openid = 'oFollowedWhileBuilding0000001';
    await sim.send({ appid, via: 'direct', mode: 'safe', message: { MsgType: 'event', Event: 'subscribe', FromUserName: openid }, token: owner.account.token, aesKey: owner.account.aesKey });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await audience(owner, 'follower', { openid })).body.errcode !== 0) await new Promise((r) => setTimeout(r, 200));
    const beforeFlip = (await audience(owner, 'follower', { openid })).body;
    await sim.quota(appid, 'cgi-bin/user/info/batchget', null);
    await sim.quotaNewDay(appid);
    await audience(owner, 'sync');
    const done = await waitForSync(owner, (s) => s.state === 'done');

    expect(building).toMatchObject({ generation: 0, buckets: 8, building: { generation: 1, buckets: dir.bucketsFor(3000) } });
    expect(beforeFlip.follower).toMatchObject({ openid, subscribed: true });
    // WeChat lists the new follower too (the simulator adds a follow to its list).
    expect(done).toMatchObject({ kind: 'resync', wechatTotal: 3001, checked: 3001 });
    expect(await dir.getLayout(appid)).toEqual({ generation: 1, buckets: dir.bucketsFor(3000) });
    expect((await audience(owner, 'follower', { openid })).body.follower).toMatchObject({ openid, subscribed: true });
    const listed = await allFollowers(owner);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toHaveLength(3001);
    expect(listed).toContain(openid);
    expect((await shardsOf(`FOLLOWERS#${appid}#g0`)).length + (await shardsOf(`FOLLOWERIDX#${appid}#g0#time`)).length).toBe(0);
    expect(await shardsOf(`FOLLOWERS#${appid}#g1`)).toHaveLength(dir.bucketsFor(3000));
  });
});
