import { createHash, randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { routeList, scheduled, workers } from '../../lib/routes';
import { ensureTable, localClient } from '../../local/dynamodb-local';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml, field, parseWechatXml } from '../../src/wechat/xml';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { startBundlePass, type BundlePass } from '../support/bundles';
import { testDb } from '../support/dynamo';
import { call, callAt, type RequestOptions } from '../support/http';
import { verificationLink, waitForMail } from '../support/mail';
import { aUser } from '../support/users';
import { uploadCover } from '../support/content';
import { sim } from '../support/wechat-sim';

/**
 * Bundles are what runs, on Lambda's Node (docs/bundles-on-node22.md). The local gateway runs
 * handler source in one process on this machine's Node 20; here one or two routes of every area,
 * the scheduled function and the worker run as built (the stack's esbuild options and per-function
 * defines), each in a Node 22 process of its own, with only the environment the stack gives it.
 */
const functions = [
  'user.register',
  'user.login',
  'accounts.bindDirect',
  'replies.list',
  'callback.verifyUrl',
  'callback.message',
  'inbox.list',
  'component.authCallback',
  'component.authComplete',
  'platform.jsticket',
  'followers.updateRemark',
  'groups.list',
  'materials.count',
  'menus.create',
  'team.members',
  'content.addDraft',
  'stats.overview',
  'audience.syncStatus',
  'templates.listSends',
  'scheduled.refreshTokens',
  'scheduled.transferAccounts',
  'scheduled.pollPublishes',
  'scheduled.dailyResync',
  'scheduled.collectStats',
  'workers.callbackJobs',
  'workers.followerSync',
  'workers.templateSend',
  'workers.audienceJobs',
] as const;

/** The scheduled sweep reads the whole table: it gets one of its own, so it cannot refresh tokens other test files age on purpose. */
const sweepTable = `${inject('tableName')}-sweep-${randomBytes(4).toString('hex')}`;

let pass: BundlePass | undefined;
/** One owner and direct-mode account for the tests (made through the source gateway while the bundles build). */
let owner: UserWithAccount;

beforeAll(async () => {
  [, , owner] = await Promise.all([
    startBundlePass(functions, { 'scheduled.refreshTokens': { TABLE_NAME: sweepTable } }).then((started) => (pass = started)),
    ensureTable(inject('dynamoEndpoint'), sweepTable),
    userWithDirectAccount(),
  ]);
  console.log(`bundle pass: ${functions.length} functions built in ${pass!.timings.buildMs.toFixed(0)} ms, processes ready in ${pass!.timings.startMs.toFixed(0)} ms`);
}, 120_000);

afterAll(async () => {
  const client = localClient(inject('dynamoEndpoint'));
  await client.send(new DeleteTableCommand({ TableName: sweepTable })).catch(() => undefined);
  client.destroy();
  if (!pass) return;
  await pass.stop();
  // No process of the pass outlives it.
  const alive = pass.pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  expect(alive).toEqual([]);
});

const bundles = (path: string, options?: RequestOptions) => callAt(pass!.baseUrl, path, options);

/** An authenticated call for the owner's account, through the bundles. */
const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  bundles(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const signed = (token: string) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  return { timestamp, nonce, signature: sha1Signature(token, timestamp, nonce) };
};

/** A follower's text message to a direct-mode account, signed as WeChat signs it (plain mode). */
const followerSays = (owner: UserWithAccount, openid: string, content: string) =>
  bundles(`/wxplatform/callback/${owner.account.appid}`, {
    method: 'POST',
    query: { ...signed(owner.account.token), openid },
    contentType: 'text/xml',
    raw: buildWechatXml({
      ToUserName: 'gh_bundles',
      FromUserName: openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: content,
      MsgId: String(Date.now()) + randomBytes(2).readUInt16BE(),
    }),
  });

/** Rules are written through the source gateway: another process than the bundles that read them. */
const addRule = async (owner: UserWithAccount, request: string, content: string) => {
  const res = await call('/apis/wxreplymanage/addReply', { token: owner.user.token, json: { appid: owner.account.appid, type: 'text', reply: { content }, request, match: 'exact' } });
  expect(res.body?.errcode, res.text).toBe(0);
};

describe('the built bundles, each in a process of its own on Node 22', () => {
  it('drives a route of every area of the route table, the scheduled function and the worker', () => {
    const areas = new Set(routeList.map((r) => r.id.split('.')[0]));
    const covered = new Set(functions.map((id) => id.split('.')[0]));

    expect([...areas].filter((a) => !covered.has(a))).toEqual([]);
    for (const id of Object.keys(scheduled)) expect(functions).toContain(`scheduled.${id}`);
    for (const id of Object.keys(workers)) expect(functions).toContain(`workers.${id}`);
  });

  it('runs every bundle on Node 22, in processes of its own', () => {
    // Reported by each process after it imported its bundle.
    const versions = [...pass!.versions];
    console.log(`process.version inside the bundles' processes: ${[...new Set(versions.map(([, v]) => v))].join(', ')} (this test runs on ${process.version})`);

    expect(versions.map(([id]) => id).sort()).toEqual([...functions].sort());
    for (const [id, version] of versions) expect(version, id).toMatch(/^v22\./);
    expect(new Set(pass!.pids).size).toBe(functions.length);
    expect(pass!.pids).not.toContain(process.pid);
  });

  it('team: lists the organization’s members, the membership read by the bundle’s own endpoint wrapper', async () => {
    const res = await bundles('/apis/team/members', { token: owner.user.token });

    expect(res.body?.errcode, res.text).toBe(0);
    expect(res.body.members).toEqual([expect.objectContaining({ userId: owner.user.id, role: 'owner' })]);
  });

  it('user: registers and logs in; the mailed link is built from the function’s own PUBLIC_BASE_URL', async () => {
    const user = aUser();

    const registered = await bundles('/apis/user/register', { form: { ...user } });
    const link = new URL(verificationLink(await waitForMail(user.email)));
    const verified = await call(`${link.pathname}${link.search}`);
    const wrong = await bundles('/apis/user/login', { form: { username: user.username, password: `${user.password}x` } });
    const login = await bundles('/apis/user/login', { form: { username: user.username, password: user.password } });
    const me = await call('/apis/user/me', { token: login.body?.access_token });

    expect(registered.body).toMatchObject({ errcode: 0 });
    expect(link.origin).toBe(pass!.baseUrl);
    expect(verified.body).toMatchObject({ errcode: 0 });
    expect(wrong.body).toEqual({ errcode: 40101, msg: 'wrong username or password' });
    expect(login.body).toMatchObject({ errcode: 0, user: { username: user.username } });
    expect(login.cookies.length).toBeGreaterThan(0);
    // The session the bundle stored is the one every other function reads.
    expect(me.body).toMatchObject({ errcode: 0, user: { username: user.username } });
  });

  it('accounts: binds an official account directly; it is then the user’s', async () => {
    const { user } = owner;
    const account = await sim.createAccount();

    const bound = await bundles('/apis/accounts/bindDirect', {
      token: user.token,
      form: { appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey },
    });
    const rules = await bundles('/apis/wxreplymanage/listReply', { token: user.token, json: { appid: account.appid } });
    const refused = await bundles('/apis/accounts/bindDirect', { token: user.token, form: { appid: account.appid } });

    expect(bound.body, bound.text).toMatchObject({ errcode: 0 });
    // Its rules are listed only for an account of this user (selectAccount).
    expect(rules.body).toMatchObject({ errcode: 0, rules: [] });
    expect(refused.status).toBe(400);
    expect(refused.body.errcode).toBe(40000);
  });

  it('replies, callback, inbox: lists the rules, answers from them, sees a new rule in the warm callback process, and the inbox lists both messages', async () => {
    const openid = `o${randomBytes(13).toString('hex')}`;
    await addRule(owner, 'hello', '你好，第一条');

    const listed = await as(owner, '/apis/wxreplymanage/listReply', { limit: 10 });
    const first = await followerSays(owner, openid, 'hello');
    // The callback's process holds the rules it compiled; only the account's rulesVersion in the table tells it they changed.
    await addRule(owner, 'again', '第二条');
    const second = await followerSays(owner, openid, 'again');
    const inbox = await as(owner, '/apis/inbox/listMessages', { limit: 10 });

    expect(listed.body.errcode).toBe(0);
    expect(listed.body.rules).toContainEqual(expect.objectContaining({ request: 'hello' }));
    expect(first.status).toBe(200);
    expect(field(parseWechatXml(first.text), 'Content')).toBe('你好，第一条');
    expect(field(parseWechatXml(second.text), 'Content')).toBe('第二条');
    expect(inbox.body.errcode).toBe(0);
    const received = inbox.body.messages.filter((m: { direction: string; openid: string }) => m.direction === 'in' && m.openid === openid);
    expect(received.map((m: { content?: string }) => m.content).sort()).toEqual(['again', 'hello']);
  });

  it('callback: answers the URL check with echostr under a valid signature, 403 under a forged one', async () => {

    const ok = await bundles(`/wxplatform/callback/${owner.account.appid}`, { query: { ...signed(owner.account.token), echostr: 'echo-bundle' } });
    const forged = await bundles(`/wxplatform/callback/${owner.account.appid}`, { query: { ...signed('not-the-token'), echostr: 'x' } });

    expect(ok).toMatchObject({ status: 200, text: 'echo-bundle' });
    expect(forged.status).toBe(403);
    expect(forged.body.errcode).toBe(40300);
  });

  it('component: takes the user back from WeChat’s authorization page and links the account', async () => {
    const { user } = owner;
    const account = await sim.createAccount();

    const start = await call('/apis/component/authUrl', { token: user.token });
    const page = await (await fetch(start.body.authUrl)).text();
    const choice = page.match(new RegExp(`href="([^"]*authorizer_appid=${account.appid}[^"]*)"`))?.[1]?.replaceAll('&amp;', '&');
    const chosen = await fetch(new URL(choice!, inject('wechatBase')), { redirect: 'manual' });
    const back = new URL(chosen.headers.get('location')!);
    const callback = await bundles(`${back.pathname}${back.search}`);
    const returned = new URLSearchParams(new URL(callback.headers.get('location')!).hash.split('?')[1]);
    const completed = await bundles('/apis/component/authComplete', { token: user.token, json: Object.fromEntries(returned) });
    const forged = await bundles('/apis/component/authComplete', { token: user.token, json: { ...Object.fromEntries(returned), state: 'a'.repeat(64) } });
    const me = await call('/apis/user/me', { token: user.token });

    expect(start.body).toMatchObject({ errcode: 0 });
    expect(callback.status).toBe(302);
    expect(completed.body, completed.text).toMatchObject({ errcode: 0, status: 'linked', appid: account.appid });
    expect(forged.body.errcode).toBe(40300);
    expect(JSON.stringify(me.body)).toContain(account.appid);
  });

  it('platform: signs a JSSDK page with the account’s jsapi_ticket (a public route)', async () => {
    const url = 'https://h5.example.com/page?x=1';

    const res = await bundles('/apis/wxplatform/jsticket', { form: { appid: owner.account.appid, url }, headers: { origin: 'https://h5.example.com' } });
    const { jsapi_ticket } = await sim.tokens(owner.account.appid);

    const expected = createHash('sha1').update(`jsapi_ticket=${jsapi_ticket}&noncestr=${res.body.nonceStr}&timestamp=${res.body.timestamp}&url=${url}`).digest('hex');
    expect(res.body).toMatchObject({ errcode: 0, appid: owner.account.appid, signature: expected });
  });

  it('followers, groups, materials: a remark reaches WeChat, a tag is listed as a group, a material is counted', async () => {
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
    await sim.createTag(owner.account.appid, '老客户');
    await sim.seedMaterial(owner.account.appid, 'image');

    const remark = await as(owner, '/apis/wxplatform/updateRemark', { openid, remark: '常客' });
    const groups = await as(owner, '/apis/wxplatform/getGroups');
    const count = await as(owner, '/apis/materials/getMaterialCount');
    const { followers } = await sim.followers(owner.account.appid);

    expect(remark.body).toMatchObject({ errcode: 0 });
    expect(followers.find((f) => f['openid'] === openid)?.['remark']).toBe('常客');
    expect(groups.body.errcode).toBe(0);
    expect(groups.body.groups).toContainEqual(expect.objectContaining({ name: '老客户' }));
    expect(count.body).toMatchObject({ errcode: 0, image_count: 1 });
  });

  it('content: a draft made through the bundle keeps its body sanitized (js-xss as bundled)', async () => {
    const cover = await uploadCover(owner);

    const res = await as(owner, '/apis/content/addDraft', { articles: [{ title: '标题', content: '<p onclick="x()">正文<script>alert(1)</script></p>', thumbMediaId: cover }] });

    expect(res.body, res.text).toMatchObject({ errcode: 0, articles: [{ content: '<p>正文</p>' }] });
    expect((await sim.content(owner.account.appid)).drafts.find((d) => d.media_id === res.body.mediaId)?.articles[0].content).toBe('<p>正文</p>');
  });

  it('stats: the overview answers through the bundle and refuses a reversed range by its field', async () => {
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    const [overview, reversed] = await Promise.all([
      as(owner, '/apis/stats/overview', { from: day, to: day }),
      as(owner, '/apis/stats/overview', { from: day, to: '2020-01-01' }),
    ]);

    expect(overview.body, overview.text).toMatchObject({ errcode: 0, appid: owner.account.appid, from: day, to: day, collection: { state: 'pending' } });
    expect(reversed.body).toMatchObject({ errcode: 40000, field: 'to', rule: 'stats.rangeOrder' });
  });

  it('menus: creates a menu in WeChat and reads it back', async () => {
    const button = [{ type: 'click', name: '今日', key: 'TODAY' }];

    const created = await as(owner, '/apis/menus/createMenu', { button });
    const read = await call('/apis/menus/getMenu', { token: owner.user.token, json: { appid: owner.account.appid } });

    expect(created.body, created.text).toMatchObject({ errcode: 0 });
    expect(read.body).toMatchObject({ errcode: 0, menu: { button: [expect.objectContaining({ name: '今日', key: 'TODAY' })] } });
  });

  it('scheduled: refreshes a token about to expire (in a table of its own)', async () => {
    // Prepare: copies of one direct account and its token in the sweep's table, the token 2 minutes from expiry
    const appid = owner.account.appid;
    const db = testDb();
    const copy = async (pk: string, sk: string) => {
      const { Item } = await db.send(new GetCommand({ TableName: inject('tableName'), Key: { pk, sk } }));
      expect(Item, pk).toBeDefined();
      await db.send(new PutCommand({ TableName: sweepTable, Item: Item! }));
    };
    await copy(`ACCOUNT#${appid}`, 'ACCOUNT');
    await copy(`TOKEN#direct#${appid}`, 'TOKEN');
    const soon = Date.now() + 120_000;
    await db.send(
      new UpdateCommand({
        TableName: sweepTable,
        Key: { pk: `TOKEN#direct#${appid}`, sk: 'TOKEN' },
        UpdateExpression: 'SET expiresAt = :e, gsi1sk = :s',
        ExpressionAttributeValues: { ':e': soon, ':s': String(soon).padStart(15, '0') },
      }),
    );
    const before = (await sim.stableTokenCalls(appid)).length;

    // Act
    const report = (await pass!.invoke('scheduled.refreshTokens', { 'detail-type': 'Scheduled Event', source: 'aws.events' } as ScheduledEvent)) as {
      refreshed: unknown[];
      failed: unknown[];
    };

    // Assess
    const { Item } = await db.send(new GetCommand({ TableName: sweepTable, Key: { pk: `TOKEN#direct#${appid}`, sk: 'TOKEN' } }));
    expect(report).toEqual({ refreshed: [{ kind: 'direct', appid }], skipped: [], failed: [] });
    expect((await sim.stableTokenCalls(appid)).length).toBe(before + 1);
    expect(Item!['expiresAt']).toBeGreaterThan(Date.now() + 3600_000);
  });

  it('workers: sends a reply that missed WeChat’s 5 s as a customer-service message', async () => {
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
    await sim.interaction(owner.account.appid, openid, Math.floor(Date.now() / 1000));
    await addRule(owner, 'late', '迟到的回复');
    const message = buildWechatXml({ ToUserName: 'gh_bundles', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: 'late', MsgId: String(Date.now()) });
    const job = { kind: 'lateReply', appid: owner.account.appid, message, receivedAt: Date.now() };
    const event = { Records: [{ messageId: 'm-1', body: JSON.stringify(job) }, { messageId: 'm-2', body: 'not a job' }] } as SQSEvent;

    const result = await pass!.invoke('workers.callbackJobs', event);
    const { messages } = await sim.received(owner.account.appid, openid);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(messages).toEqual([{ touser: openid, msgtype: 'text', text: { content: '迟到的回复' } }]);
  });

  it('audience: the bundled worker passes over a run it does not know and reports a body that is no job; syncStatus answers', async () => {
    const event = { Records: [{ messageId: 'a-1', body: JSON.stringify({ appid: owner.account.appid, runId: 'no-such-run' }), attributes: { ApproximateReceiveCount: '1' } }, { messageId: 'a-2', body: 'not a job', attributes: { ApproximateReceiveCount: '1' } }] } as unknown as SQSEvent;

    const result = await pass!.invoke('workers.followerSync', event);
    const status = await as(owner, '/apis/audience/syncStatus');
    const resync = (await pass!.invoke('scheduled.dailyResync', { 'detail-type': 'Scheduled Event', source: 'aws.events' } as ScheduledEvent)) as { resumed: number; started: number };

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'a-2' }] });
    expect(status.body, status.text).toMatchObject({ errcode: 0, status: { state: 'none' } });
    expect(resync).toMatchObject({ resumed: expect.any(Number), started: expect.any(Number) });
  });

  it('templates: the bundled worker passes over a send it does not know and reports a body that is no job; listSends answers', async () => {
    const event = { Records: [{ messageId: 't-1', body: JSON.stringify({ appid: owner.account.appid, sendId: 'nosuchsend' }), attributes: { ApproximateReceiveCount: '1' } }, { messageId: 't-2', body: 'not a job', attributes: { ApproximateReceiveCount: '1' } }] } as unknown as SQSEvent;

    const result = await pass!.invoke('workers.templateSend', event);
    const sends = await as(owner, '/apis/templates/listSends');

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 't-2' }] });
    expect(sends.body, sends.text).toMatchObject({ errcode: 0, sends: [] });
  });

  it('audience jobs: the bundled worker passes over a segment it does not know and reports a body that is no job', async () => {
    const event = { Records: [{ messageId: 'j-1', body: JSON.stringify({ kind: 'segment', appid: owner.account.appid, segmentId: '3f0c1a52-8d0e-4c55-9a51-2b8f3c7a9e10' }), attributes: { ApproximateReceiveCount: '1' } }, { messageId: 'j-2', body: 'not a job', attributes: { ApproximateReceiveCount: '1' } }] } as unknown as SQSEvent;

    const result = await pass!.invoke('workers.audienceJobs', event);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'j-2' }] });
  });
});
