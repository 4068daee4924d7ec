import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { audience, waitForSync } from '../support/audience';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { memberOf, ownOrganization } from '../support/team';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';
import { followerKey, fromItem, toItem } from '../../src/audience/data/directory';

/**
 * Segment jobs (several filters at once, worked out by the audience jobs' worker from the cheapest
 * key) and follower exports (CSV into S3, a 15-minute link, a 24-hour file, admins only, audited).
 * The expected members are computed from the simulator's own followers, not from our answers.
 */
type WxFollower = { openid: string; subscribe_time: number; remark: string; tagid_list: number[]; qr_scene_str: string; language: string; subscribe_scene: string };

/** subscribe_scene in words, as WeChat's back office says them (developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html). */
const channel: Record<string, string> = { ADD_SCENE_SEARCH: '公众号搜索', ADD_SCENE_QR_CODE: '扫描二维码', ADD_SCENE_ARTICLE: 'ADD_SCENE_ARTICLE' };
const beijingOf = (seconds: number) => new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');

const waitFor = async <T>(ask: () => Promise<{ body: any; text: string }>, pick: (body: any) => T, until: (v: T) => boolean, timeoutMs = 120_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await ask();
    expect(res.body.errcode, res.text).toBe(0);
    const value = pick(res.body);
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`not there in time: ${res.text}`);
    await new Promise((r) => setTimeout(r, 150));
  }
};

const segmentDone = (owner: UserWithAccount, segmentId: string) =>
  waitFor(
    () => audience(owner, 'segmentStatus', { segmentId }),
    (b) => b.segment,
    (s) => s.state !== 'running',
  );

const segmentMembers = async (owner: UserWithAccount, segmentId: string): Promise<string[]> => {
  const openids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await audience(owner, 'followers', { segmentId, limit: 70, ...(cursor ? { cursor } : {}) });
    expect(res.body.errcode, res.text).toBe(0);
    openids.push(...res.body.followers.map((f: { openid: string }) => f.openid));
    cursor = res.body.cursor;
  } while (cursor);
  return openids;
};

describe('segment jobs and exports', { timeout: 300_000 }, () => {
  let owner: UserWithAccount;
  let orgId: string;
  let atWechat: WxFollower[];
  let tagIds: number[];
  let extraTag: number;

  beforeAll(async () => {
    owner = await userWithDirectAccount();
    orgId = await ownOrganization(owner.user);
    const seeded = await sim.seedAudience(owner.account.appid, 1200, 'segments');
    tagIds = seeded.tagIds;
    await audience(owner, 'sync');
    await waitForSync(owner, (s) => s.state === 'done');
    // A second tag on some followers of the first, so "two tags at once" has an answer.
    const first = (await sim.everyFollower(owner.account.appid)) as WxFollower[];
    const tag = await sim.createTag(owner.account.appid, 'VIP,"双标签"');
    extraTag = tag.id;
    const chosen = first.filter((f, i) => i % 3 === 0 && f.tagid_list.includes(tagIds[0]!)).map((f) => f.openid);
    const tagged = await audience(owner, 'batchTag', { openids: chosen.slice(0, 300), tagId: extraTag });
    expect(tagged.body.errcode, tagged.text).toBe(0);
    atWechat = (await sim.everyFollower(owner.account.appid)) as WxFollower[];
    expect(atWechat).toHaveLength(1200);
  }, 240_000);

  const expectSegment = async (filters: Record<string, unknown>, expected: (f: WxFollower) => boolean) => {
    const started = await audience(owner, 'segment', { filters });
    expect(started.body, started.text).toMatchObject({ errcode: 0, state: 'running', segmentId: expect.any(String) });
    const done = await segmentDone(owner, started.body.segmentId);
    const want = atWechat.filter(expected).map((f) => f.openid).sort();
    expect(done).toMatchObject({ state: 'done', count: want.length });
    const got = await segmentMembers(owner, started.body.segmentId);
    expect(got).toHaveLength(want.length);
    expect([...got].sort()).toEqual(want);
    return { segmentId: started.body.segmentId as string, count: want.length, scanned: done.scanned as number };
  };

  it('finds exactly the followers of a tag AND a subscribe-time range, reading the tag (the smaller key), not everyone', async () => {
    const mid = atWechat[600]!.subscribe_time;
    const from = mid - 100 * 600;
    const to = mid + 200 * 600;
    const { count, scanned } = await expectSegment({ tagIds: [tagIds[0]], from, to }, (f) => f.tagid_list.includes(tagIds[0]!) && f.subscribe_time >= from && f.subscribe_time <= to);
    expect(count).toBeGreaterThan(5);
    // The tag's own index was read: its members only, not the 1,200.
    expect(scanned).toBe(atWechat.filter((f) => f.tagid_list.includes(tagIds[0]!)).length);
  });

  it('finds exactly the followers with two tags at once', async () => {
    const { count } = await expectSegment({ tagIds: [tagIds[0], extraTag] }, (f) => f.tagid_list.includes(tagIds[0]!) && f.tagid_list.includes(extraTag));
    expect(count).toBeGreaterThan(10);
  });

  it('finds exactly the followers of a QR scene AND a remark prefix', async () => {
    const { count } = await expectSegment({ scene: 'scene1', remarkPrefix: '会员' }, (f) => f.qr_scene_str === 'scene1' && f.remark.startsWith('会员'));
    expect(count).toBeGreaterThan(0);
  });

  // user/info and batchget no longer give `language` ("该字段不再提供"):
  // developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_userinfo. Only followers whose
  // language the directory learnt before have one; three are given one here, in their records.
  it('finds exactly the followers of a QR scene AND a language, read from the followers\' own items', async () => {
    const chosen = atWechat.filter((f) => f.qr_scene_str === 'scene2').slice(0, 3).map((f) => f.openid);
    // The follower's record in its packed block (the layout's generation), its language set.
    const TableName = inject('tableName');
    const layout = (await testDb().send(new GetCommand({ TableName, Key: { pk: `AUDIENCE#${owner.account.appid}`, sk: 'LAYOUT' } }))).Item!;
    const gen = { generation: Number(layout['generation']), buckets: Number(layout['buckets']) };
    for (const openid of chosen) {
      const Key = followerKey(owner.account.appid, openid, gen);
      const stored = (await testDb().send(new GetCommand({ TableName, Key }))).Item![openid] as string;
      const value = toItem({ ...fromItem(openid, stored), language: 'en' });
      await testDb().send(new UpdateCommand({ TableName, Key, UpdateExpression: 'SET #o = :v', ExpressionAttributeNames: { '#o': openid }, ExpressionAttributeValues: { ':v': value } }));
    }
    await expectSegment({ scene: 'scene2', language: 'en' }, (f) => chosen.includes(f.openid));
    await expectSegment({ scene: 'scene2', language: 'zh_CN' }, () => false);
  });

  it('refuses a segment without filters and a language that is not a code, naming the field', async () => {
    const empty = await audience(owner, 'segment', { filters: {} });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ errcode: 40000, field: 'filters', rule: 'audience.noFilter' });
    const bad = await audience(owner, 'segment', { filters: { scene: 'scene1', language: 'Chinese' } });
    expect(bad.body).toMatchObject({ errcode: 40000, field: 'filters.language' });
    const two = await audience(owner, 'followers', { segmentId: '3f0c1a52-8d0e-4c55-9a51-2b8f3c7a9e10', tagId: tagIds[0] });
    expect(two.body).toMatchObject({ errcode: 40000, field: 'tagId', rule: 'audience.oneFilter' });
  });

  it('exports a segment as CSV (BOM, Chinese header, tags by name, Beijing time, channel in words), the link presigned for 15 minutes, audited', async () => {
    const { segmentId, count } = await expectSegment({ tagIds: [tagIds[0], extraTag] }, (f) => f.tagid_list.includes(tagIds[0]!) && f.tagid_list.includes(extraTag));
    const asked = await audience(owner, 'export', { segmentId });
    expect(asked.body, asked.text).toMatchObject({ errcode: 0, state: 'running', exportId: expect.any(String) });
    const exportId = asked.body.exportId as string;
    const done = await waitFor(
      () => audience(owner, 'exportStatus', { exportId }),
      (b) => b.export,
      (e) => e.state !== 'running',
    );
    expect(done).toMatchObject({ state: 'done', rows: count, url: expect.any(String) });

    // The link: signed for 900 s from now (SPEC §6: the link lives 15 minutes).
    const url = new URL(done.url);
    expect(url.pathname).toContain(`/exports/${owner.account.appid}/${exportId}.csv`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    const signedAt = Date.parse(url.searchParams.get('X-Amz-Date')!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(Math.abs(signedAt - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(done.urlExpiresAt) - Date.now()).toBeGreaterThan(880_000);

    const file = await fetch(done.url);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('openid,备注,标签,关注时间,关注渠道,二维码场景,语言');
    expect(lines).toHaveLength(count + 1);
    // One row checked against WeChat's own record of that follower: tag names joined with 、 (a name with a
    // comma and quotes is one quoted cell), the follow time in Beijing time, the channel in words.
    const someone = atWechat.find((f) => f.tagid_list.includes(extraTag))!;
    const row = lines.find((l) => l.startsWith(`${someone.openid},`));
    expect(row).toBe(`${someone.openid},${someone.remark},"会员、VIP,""双标签""",${beijingOf(someone.subscribe_time)},${channel[someone.subscribe_scene]},,`);

    // A URL whose signed window has passed is refused by the bucket (s3rver checks X-Amz-Date + X-Amz-Expires
    // before the signature, as S3 does): the same link, dated 901 s earlier.
    const stale = new URL(done.url);
    const past = new Date(signedAt - 901_000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    stale.searchParams.set('X-Amz-Date', past);
    const refused = await fetch(stale);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Request has expired');

    // Audited: who asked for the export, of which account.
    const log = await call('/apis/team/audit', { token: owner.user.token, headers: { 'x-org': orgId }, query: { appid: owner.account.appid, kind: 'audience' } });
    expect(log.body.errcode, log.text).toBe(0);
    const entry = log.body.entries.find((e: { route: string }) => e.route === 'POST /apis/audience/export');
    expect(entry, log.text).toMatchObject({ userId: owner.user.id, appid: owner.account.appid, outcome: 'done', input: { segmentId } });
  });

  it('exports one filter without a segment, and refuses the link once the 24 hours are up', async () => {
    const asked = await audience(owner, 'export', { scene: 'scene3' });
    expect(asked.body.errcode, asked.text).toBe(0);
    const exportId = asked.body.exportId as string;
    const done = await waitFor(
      () => audience(owner, 'exportStatus', { exportId }),
      (b) => b.export,
      (e) => e.state !== 'running',
    );
    expect(done).toMatchObject({ state: 'done', rows: atWechat.filter((f) => f.qr_scene_str === 'scene3').length });
    expect(Date.parse(done.expiresAt) - Date.parse(done.createdAt)).toBe(24 * 3600_000);
    const text = Buffer.from(await (await fetch(done.url)).arrayBuffer()).toString('utf8');
    const someone = atWechat.find((f) => f.qr_scene_str === 'scene3' && f.remark) ?? atWechat.find((f) => f.qr_scene_str === 'scene3')!;
    expect(text.split('\r\n')).toContain(`${someone.openid},${someone.remark},,${beijingOf(someone.subscribe_time)},扫描二维码,scene3,`);

    // 24 hours later (the record's clock moved back rather than the test waiting a day).
    await testDb().send(
      new UpdateCommand({
        TableName: inject('tableName'),
        Key: { pk: `AUDIENCEJOB#${owner.account.appid}`, sk: `EXPORT#${exportId}` },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const late = await audience(owner, 'exportStatus', { exportId });
    expect(late.status).toBe(404);
    expect(late.body).toMatchObject({ errcode: 40400, field: 'exportId', rule: 'audience.exportGone' });
    expect(late.body.url).toBeUndefined();
  });

  it('lets only admins export (an operator gets 40301) while an operator may make a segment', async () => {
    const operator = await memberOf(owner.user, orgId, 'operator');
    const as = (route: string, json: Record<string, unknown>) => call(`/apis/audience/${route}`, { token: operator.token, headers: { 'x-org': orgId }, json: { appid: owner.account.appid, ...json } });
    const exported = await as('export', { scene: 'scene1' });
    expect(exported.status).toBe(403);
    expect(exported.body).toMatchObject({ errcode: 40301, need: 'admin' });
    const status = await as('exportStatus', { exportId: '3f0c1a52-8d0e-4c55-9a51-2b8f3c7a9e10' });
    expect(status.body).toMatchObject({ errcode: 40301, need: 'admin' });
    const segment = await as('segment', { filters: { scene: 'scene1', tagIds: [tagIds[1]] } });
    expect(segment.body.errcode, segment.text).toBe(0);
    const admin = await memberOf(owner.user, orgId, 'admin');
    const byAdmin = await call('/apis/audience/export', { token: admin.token, headers: { 'x-org': orgId }, json: { appid: owner.account.appid, segmentId: segment.body.segmentId } });
    expect(byAdmin.body, byAdmin.text).toMatchObject({ errcode: 0, state: 'running' });
  });

  it("keeps another organization out of a segment and an export: neither by the account's appid nor by its own", async () => {
    const segment = await audience(owner, 'segment', { filters: { scene: 'scene4', tagIds: [tagIds[2]] } });
    const exported = await audience(owner, 'export', { scene: 'scene4' });
    const stranger = await userWithDirectAccount(await loggedInUser());
    const theirs = (route: string, json: Record<string, unknown>) => call(`/apis/audience/${route}`, { token: stranger.user.token, json });

    const byAppid = await theirs('segmentStatus', { appid: owner.account.appid, segmentId: segment.body.segmentId });
    expect(byAppid.body.errcode).toBe(40300);
    const membersByAppid = await theirs('followers', { appid: owner.account.appid, segmentId: segment.body.segmentId });
    expect(membersByAppid.body.errcode).toBe(40300);
    const exportByAppid = await theirs('exportStatus', { appid: owner.account.appid, exportId: exported.body.exportId });
    expect(exportByAppid.body.errcode).toBe(40300);

    const byOwn = await theirs('segmentStatus', { appid: stranger.account.appid, segmentId: segment.body.segmentId });
    expect(byOwn.body).toMatchObject({ errcode: 40400, field: 'segmentId' });
    const membersByOwn = await theirs('followers', { appid: stranger.account.appid, segmentId: segment.body.segmentId });
    expect(membersByOwn.body).toMatchObject({ errcode: 40400, field: 'segmentId' });
    const exportByOwn = await theirs('exportStatus', { appid: stranger.account.appid, exportId: exported.body.exportId });
    expect(exportByOwn.body).toMatchObject({ errcode: 40400, field: 'exportId' });
    const exportOfTheirs = await theirs('export', { appid: stranger.account.appid, segmentId: segment.body.segmentId });
    expect(exportOfTheirs.body).toMatchObject({ errcode: 40400, field: 'segmentId' });
  });
});
