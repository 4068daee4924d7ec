import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it, vi } from 'vitest';
import { quotaPk } from '../../src/inbox/data/reply-quota';
import { sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml, type XmlInputObject } from '../../src/wechat/xml';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * WeChat's customer-service quota (since 2023-06-12) over HTTP, the product and the simulated
 * WeChat together. The rule, from WeChat's own pages:
 *   developers.weixin.qq.com/doc/subscription/guide/product/kf/intro.md ("客服消息下发规则")
 *   developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage
 * a follower's message → 5 within 48 hours; a follow, a QR scan, a click/scancode menu tap → 3
 * within 1 minute ("a menu tap creates no quota of the message scene"); past it 45047
 * "out of response count limit" (WxJava's WxMpErrorMsgEnum.CODE_45047, 客服接口下行条数超过上限),
 * with no live quota 45015.
 */
const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const reply = (owner: UserWithAccount, openid: string, content: string) => as(owner, '/apis/inbox/reply', { openid, type: 'text', content });
const windowOf = async (owner: UserWithAccount, openid: string) => (await as(owner, '/apis/inbox/getConversation', { openid })).body.window;
const sendCalls = async (appid: string) => (await sim.calls(appid))['cgi-bin/message/custom/send'] ?? 0;
const now = () => Math.floor(Date.now() / 1000);

/** The follower acts in WeChat: delivered to the callback, which records it; the stream feeds the quota. */
const act = async (owner: UserWithAccount, openid: string, message: Record<string, string | number>) => {
  const res = await sim.send({ appid: owner.account.appid, via: 'component', mode: 'safe', message: { FromUserName: openid, ...message } });
  expect(res.attempts.at(-1)?.status).toBe(200);
  return res;
};
const actDirect = async (owner: UserWithAccount, openid: string, message: Record<string, string | number>) => {
  const res = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { FromUserName: openid, ...message } });
  expect(res.attempts.at(-1)?.status).toBe(200);
  return res;
};

const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The quota item as the record stream's plug-in writes it (nothing else writes it before a reply). */
const quotaItem = (appid: string, openid: string) =>
  testDb()
    .send(new GetCommand({ TableName: inject('tableName'), Key: { pk: quotaPk(appid, openid), sk: 'REPLYQUOTA' }, ConsistentRead: true }))
    .then((r) => r.Item);
const fed = (appid: string, openid: string, attribute: RegExp) =>
  eventually(async () => {
    const item = await quotaItem(appid, openid);
    return item && Object.keys(item).some((k) => attribute.test(k)) ? item : undefined;
  });

/** WeChat's custom/send called with the account's own token, bypassing the platform (the owner's other tools do). */
const sendBypassing = async (appid: string, openid: string, content: string) => {
  const { access_token } = await sim.tokens(appid);
  const res = await fetch(`${inject('wechatBase')}/cgi-bin/message/custom/send?access_token=${access_token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ touser: openid, msgtype: 'text', text: { content } }),
  });
  return (await res.json()) as { errcode: number; errmsg: string };
};

describe("customer-service quota after a follower's message (5 within 48 hours)", () => {
  it('sends five, then refuses the sixth before calling WeChat (42910 naming the rule)', async () => {
    // Prepare
    const owner = await userWithComponentAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
    await act(owner, openid, { MsgType: 'text', Content: '在吗?' });
    await fed(owner.account.appid, openid, /^msg\d+$/);

    // Act
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await reply(owner, openid, `answer ${i}`));
    const callsBefore = await sendCalls(owner.account.appid);
    const sixth = await reply(owner, openid, 'answer 6');
    const window = await windowOf(owner, openid);

    // Assess
    expect(sent.map((r) => r.body.errcode)).toEqual([0, 0, 0, 0, 0]);
    expect(sent.map((r) => r.body.window.left)).toEqual([4, 3, 2, 1, undefined]);
    expect(sent[4]!.body.window).toMatchObject({ state: 'usedUp', rule: 'message', resetsAt: null });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ errcode: 42910, rule: 'customerServiceAfterMessage', resetsAt: null, field: 'openid' });
    expect(sixth.body.wxerrcode).toBeUndefined();
    expect(await sendCalls(owner.account.appid)).toBe(callsBefore);
    expect((await sim.received(owner.account.appid, openid)).messages).toHaveLength(5);
    expect(window).toMatchObject({ state: 'usedUp', grants: [{ scene: 'message', by: 'message', limit: 5, used: 5, left: 0 }] });
  });

  it('shows what is left in the conversation, and a new message renews the five (not five more)', async () => {
    const owner = await userWithComponentAccount();
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
    const first = await act(owner, openid, { MsgType: 'text', Content: 'hello', CreateTime: now() - 3600 });
    await fed(owner.account.appid, openid, /^msg\d+$/);
    const at = Number(first.message['CreateTime']);

    const fresh = await windowOf(owner, openid);
    for (let i = 0; i < 3; i++) expect((await reply(owner, openid, `a${i}`)).body.errcode).toBe(0);
    const afterThree = await windowOf(owner, openid);
    await act(owner, openid, { MsgType: 'text', Content: 'one more thing' });
    const renewed = await eventually(async () => {
      const w = await windowOf(owner, openid);
      return w.left === 5 ? w : undefined;
    });

    expect(fresh).toMatchObject({ state: 'open', left: 5, lastMessageAt: at, closesAt: at + 48 * 3600 });
    expect(afterThree).toMatchObject({ state: 'open', left: 2 });
    expect(renewed).toMatchObject({ state: 'open', left: 5, grants: [{ scene: 'message', used: 0 }] });
  });

  it("maps WeChat's 45047 to 42910 when WeChat knows first, and then refuses before WeChat", async () => {
    // Prepare: the owner's other tool spent the quota at WeChat, bypassing the platform.
    const owner = await userWithDirectAccount();
    const openid = `o${randomBytes(13).toString('hex')}`;
    await actDirect(owner, openid, { MsgType: 'text', Content: 'hi' });
    await fed(owner.account.appid, openid, /^msg\d+$/);
    expect((await reply(owner, openid, 'through the platform')).body.errcode).toBe(0);
    const bypassed = [];
    for (let i = 0; i < 5; i++) bypassed.push(await sendBypassing(owner.account.appid, openid, `elsewhere ${i}`));

    // Act
    const refusedByWechat = await reply(owner, openid, 'again');
    const callsAfter = await sendCalls(owner.account.appid);
    const refusedByUs = await reply(owner, openid, 'and again');
    const window = await windowOf(owner, openid);

    // Assess: the simulator enforces WeChat's 5 (the fifth bypassing send is its 45047)
    expect(bypassed.map((r) => r.errcode)).toEqual([0, 0, 0, 0, 45047]);
    expect(refusedByWechat.status).toBe(429);
    expect(refusedByWechat.body).toMatchObject({ errcode: 42910, wxerrcode: 45047, rule: 'customerServiceAfterMessage', resetsAt: null });
    expect(refusedByUs.body).toMatchObject({ errcode: 42910 });
    expect(refusedByUs.body.wxerrcode).toBeUndefined();
    expect(await sendCalls(owner.account.appid)).toBe(callsAfter);
    expect(window).toMatchObject({ state: 'usedUp' });
  });

  it('counts a late reply the callback queue sent as a customer-service message', async () => {
    // Prepare: a keyword rule, a message the callback has no time to answer (budget 0).
    const owner = await userWithDirectAccount();
    const openid = `o${randomBytes(13).toString('hex')}`;
    expect((await as(owner, '/apis/wxreplymanage/addReply', { type: 'text', reply: { content: 'worth the wait' }, request: 'slow' })).body.errcode).toBe(0);
    const createTime = now();
    await sim.interaction(owner.account.appid, openid, createTime);
    vi.resetModules();
    const { handleCallback } = await import('../../src/callback/handle-callback');
    const { query, body } = delivery(owner.account, { MsgType: 'text', Content: 'slow', FromUserName: openid, CreateTime: createTime });

    // Act
    const answer = await handleCallback(owner.account.appid, query, body, 0);
    await eventually(async () => ((await sim.received(owner.account.appid, openid)).messages.length ? true : undefined));
    const window = await eventually(async () => {
      const w = await windowOf(owner, openid);
      return w.state === 'open' && w.left === 4 ? w : undefined;
    });
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await reply(owner, openid, `r${i}`));
    const callsBefore = await sendCalls(owner.account.appid);
    replies.push(await reply(owner, openid, 'r4'));

    // Assess
    expect(answer.body).toBe('success');
    expect(window).toMatchObject({ grants: [{ scene: 'message', used: 1 }] });
    expect(replies.map((r) => r.body.errcode)).toEqual([0, 0, 0, 0, 42910]);
    expect(replies[4]!.body.wxerrcode).toBeUndefined();
    expect(await sendCalls(owner.account.appid)).toBe(callsBefore);
    expect((await sim.received(owner.account.appid, openid)).messages.map((m: any) => m.text.content)).toEqual(['worth the wait', 'r0', 'r1', 'r2', 'r3']);
  });

  it('lets concurrent replies take no more than the quota, before and after the stream has fed it', async () => {
    const owner = await userWithComponentAccount();
    const [early, late] = (await sim.addFollowers(owner.account.appid, 2)).openids as [string, string];
    // `early`: replies race the record stream (the inbox's record of the message is what they go on).
    await act(owner, early, { MsgType: 'text', Content: 'quick' });
    const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => reply(owner, early, `e${i}`)));
    await act(owner, late, { MsgType: 'text', Content: 'patient' });
    await fed(owner.account.appid, late, /^msg\d+$/);
    const settled = await Promise.all(Array.from({ length: 8 }, (_, i) => reply(owner, late, `l${i}`)));

    for (const answers of [racing, settled]) {
      const codes = answers.map((r) => r.body.errcode).sort();
      expect(codes).toEqual([0, 0, 0, 0, 0, 42910, 42910, 42910]);
    }
    expect((await sim.received(owner.account.appid, early)).messages).toHaveLength(5);
    expect((await sim.received(owner.account.appid, late)).messages).toHaveLength(5);
    // The feed arriving after the replies leaves their count alone.
    await fed(owner.account.appid, early, /^msg\d+$/);
    expect(await windowOf(owner, early)).toMatchObject({ state: 'usedUp' });
  });

  it('is fed by the record stream at retention 0, where no inbox could tell', async () => {
    const owner = await userWithComponentAccount();
    expect((await as(owner, '/apis/accounts/updateSettings', { inboxRetentionDays: 0 })).body.errcode).toBe(0);
    const [openid] = (await sim.addFollowers(owner.account.appid, 1)).openids as [string];
    await act(owner, openid, { MsgType: 'text', Content: 'no trace kept' });

    const open = await eventually(async () => {
      const w = await windowOf(owner, openid);
      return w.state === 'open' ? w : undefined;
    });
    const sent = await reply(owner, openid, 'still counted');

    expect(open).toMatchObject({ left: 5 });
    expect(sent.body).toMatchObject({ errcode: 0, window: { state: 'open', left: 4 } });
    expect(await quotaItem(owner.account.appid, openid)).toMatchObject({ appid: owner.account.appid, openid, ttl: expect.any(Number) });
  });
});

describe('customer-service quota after a follow, a QR scan or a menu tap (3 within 1 minute)', () => {
  it('sends three in the minute after a follow, then refuses (42910); WeChat would answer 45047', async () => {
    const owner = await userWithComponentAccount();
    const openid = `o${randomBytes(13).toString('hex')}`;
    await act(owner, openid, { MsgType: 'event', Event: 'subscribe', EventKey: '' });
    await fed(owner.account.appid, openid, /^evt\d+$/);

    const sent = [];
    for (let i = 1; i <= 3; i++) sent.push(await reply(owner, openid, `welcome ${i}`));
    const before = await sendCalls(owner.account.appid);
    const fourth = await reply(owner, openid, 'welcome 4');
    const wechat = await sendBypassing(owner.account.appid, openid, 'welcome 4, straight to WeChat');

    expect(sent.map((r) => r.body.errcode)).toEqual([0, 0, 0]);
    expect(sent[0]!.body.window).toMatchObject({ state: 'open', left: 2, grants: [{ scene: 'event', by: 'subscribe', limit: 3 }] });
    expect(sent[0]!.body.window.closesAt - sent[0]!.body.window.lastMessageAt).toBe(60);
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({ errcode: 42910, rule: 'customerServiceAfterEvent', resetsAt: null });
    expect(await sendCalls(owner.account.appid)).toBe(before + 1);
    expect(wechat.errcode).toBe(45047);
    expect((await sim.received(owner.account.appid, openid)).messages).toHaveLength(3);
  });

  it('a menu tap opens no 48-hour quota: a minute later nothing is left, where a message would leave five', async () => {
    const owner = await userWithComponentAccount();
    const tapper = `o${randomBytes(13).toString('hex')}`;
    const writer = `o${randomBytes(13).toString('hex')}`;
    const minuteAgo = now() - 61;
    await act(owner, tapper, { MsgType: 'event', Event: 'CLICK', EventKey: 'TODAY', CreateTime: minuteAgo });
    await act(owner, writer, { MsgType: 'text', Content: 'hi', CreateTime: minuteAgo });
    await fed(owner.account.appid, tapper, /^evt\d+$/);
    await fed(owner.account.appid, writer, /^msg\d+$/);
    const before = await sendCalls(owner.account.appid);

    const toTapper = await reply(owner, tapper, 'hello');
    const toWriter = await reply(owner, writer, 'hello');
    const tapperItem = await quotaItem(owner.account.appid, tapper);
    const wechat = await sendBypassing(owner.account.appid, tapper, 'straight to WeChat');

    expect(toTapper.status).toBe(409);
    expect(toTapper.body).toMatchObject({ errcode: 40901, window: { state: 'closed' } });
    expect(toWriter.body).toMatchObject({ errcode: 0, window: { state: 'open', left: 4 } });
    expect(Object.keys(tapperItem!).filter((k) => /^(msg|evt)\d+$/.test(k))).toEqual([`evt${minuteAgo}`]);
    expect(await sendCalls(owner.account.appid)).toBe(before + 2);
    expect(wechat.errcode).toBe(45015);
  });

  it('a scan inside a message’s 48 hours adds its own three to what is left, spent first', async () => {
    const owner = await userWithComponentAccount();
    const openid = `o${randomBytes(13).toString('hex')}`;
    await act(owner, openid, { MsgType: 'text', Content: 'hi', CreateTime: now() - 600 });
    await fed(owner.account.appid, openid, /^msg\d+$/);
    await act(owner, openid, { MsgType: 'event', Event: 'SCAN', EventKey: '123', Ticket: 'T' });
    await fed(owner.account.appid, openid, /^evt\d+$/);

    const first = await reply(owner, openid, 'x');
    const codes = [first.body.errcode];
    for (let i = 0; i < 8; i++) codes.push((await reply(owner, openid, `y${i}`)).body.errcode);

    expect(first.body.window).toMatchObject({ state: 'open', left: 7 });
    expect(first.body.window.grants).toEqual(
      expect.arrayContaining([expect.objectContaining({ scene: 'event', by: 'SCAN', used: 1 }), expect.objectContaining({ scene: 'message', used: 0 })]),
    );
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 42910]);
  });
});

/** A safe-mode delivery of `message` straight to the callback (not through the simulator), as WeChat signs and seals it. */
const delivery = (keys: { appid: string; token: string; aesKey: string; username?: string }, message: XmlInputObject) => {
  const timestamp = String(now());
  const nonce = String(randomBytes(4).readUInt32BE());
  // The account's own original ID, as WeChat addresses it (the callback refuses another).
  const xml = buildWechatXml({ ToUserName: keys.username ?? 'gh_test', MsgId: String(BigInt(`0x${randomBytes(7).toString('hex')}`)), ...message });
  const sealed = sealMessage({ xml, token: keys.token, encodingAesKey: keys.aesKey, appId: keys.appid, timestamp, nonce });
  return {
    query: { signature: sha1Signature(keys.token, timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: sealed.msgSignature },
    body: Buffer.from(buildWechatXml({ ToUserName: 'gh_test', Encrypt: sealed.encrypt })),
  };
};
