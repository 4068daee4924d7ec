import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { inboxKey } from '../../src/inbox/data/messages';
import { testDb } from '../support/dynamo';
import { sim } from '../support/wechat-sim';

/**
 * The open platform's release test (全网发布接入检测) over HTTP: the simulator, as WeChat, sends the
 * test accounts' messages to /wxplatform/callback/<appid>; the product answers passively, or through
 * its queue worker with api_query_auth and a customer-service message.
 *
 * The test accounts, from WeChat's page (five groups, one picked at random per check, groups two to
 * five since 2021-01-18): developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 * Written out here, not taken from the product, so a group missing there fails here.
 */
const officialAccounts = [
  { appid: 'wx570bc396a51b8ff8', username: 'gh_3c884a361561' },
  { appid: 'wx9252c5e0bb1836fc', username: 'gh_c0f28a78b318' },
  { appid: 'wx8e1097c5bc82cde9', username: 'gh_3f222ed8d140' },
  { appid: 'wx14550af28c71a144', username: 'gh_26128078e9ab' },
  { appid: 'wxa35b9c23cfe664eb', username: 'gh_2b3713f184a6' },
];
const miniPrograms = [
  { appid: 'wxd101a85aa106f53e', username: 'gh_8dad206e9538' },
  { appid: 'wxc39235c15087f6f3', username: 'gh_905ae9d01059' },
  { appid: 'wx7720d01d4b2a4500', username: 'gh_393666f1fdf4' },
  { appid: 'wx05d483572dcd5d8b', username: 'gh_39abb5d4e1b7' },
  { appid: 'wx5910277cae6fd970', username: 'gh_7818dcb60240' },
];

const text = (Content: string) => ({ MsgType: 'text', Content });

const queryAuth = 'cgi-bin/component/api_query_auth';
const customSend = 'cgi-bin/message/custom/send';

const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** The customer-service messages the account sent with `content`, once there are `count` of them. */
const sentWith = (appid: string, content: string, count = 1) =>
  eventually(async () => {
    const found = (await sim.messages(appid)).messages.filter((m) => m.text?.content === content);
    return found.length >= count ? found : undefined;
  });

const callsOf = async (appid: string, path: string) => (await sim.calls(appid))[path] ?? 0;

/**
 * What the callback recorded of a delivered message: for WeChat's test accounts (no account here,
 * so nothing of the message is kept) its mark, which holds the side effect's state and answer.
 */
const recordOf = async (appid: string, message: Record<string, string | number>) =>
  (
    await testDb().send(
      new GetCommand({
        TableName: inject('tableName'),
        Key: inboxKey(appid, 0, Number(message['CreateTime']), `id:${message['MsgId']}`),
        ConsistentRead: true,
      }),
    )
  ).Item;

const doneRecordOf = (appid: string, message: Record<string, string | number>) =>
  eventually(async () => {
    const item = await recordOf(appid, message);
    return item?.['state'] === 'done' ? item : undefined;
  });

describe('release test (全网发布): every group’s official account', () => {
  // releases_instructions.html, 测试公众号处理用户消息: Content TESTCOMPONENT_MSG_TYPE_TEXT is answered at once
  // with TESTCOMPONENT_MSG_TYPE_TEXT_callback; an event with <Event>from_callback.
  it.each(officialAccounts)('$appid answers TESTCOMPONENT_MSG_TYPE_TEXT and an event passively', async ({ appid, username }) => {
    const textCase = await sim.send({ appid, via: 'component', mode: 'safe', message: text('TESTCOMPONENT_MSG_TYPE_TEXT') });
    const eventCase = await sim.send({ appid, via: 'component', mode: 'safe', message: { MsgType: 'event', Event: 'LOCATION', Latitude: '23.1', Longitude: '113.3', Precision: '50' } });

    expect(textCase.attempts).toHaveLength(1);
    expect(textCase.attempts[0]).toMatchObject({ status: 200, signatureValid: true });
    expect(textCase.attempts[0]!.reply).toMatchObject({
      MsgType: 'text',
      Content: 'TESTCOMPONENT_MSG_TYPE_TEXT_callback',
      ToUserName: textCase.message['FromUserName'],
      FromUserName: username,
    });
    expect(eventCase.attempts[0]!.reply).toMatchObject({ MsgType: 'text', Content: 'LOCATIONfrom_callback', FromUserName: username });
  });

  // releases_instructions.html, 测试公众号使用客服消息接口处理用户消息: QUERY_AUTH_CODE:$query_auth_code$ is answered
  // empty within 5 s; then api_query_auth with the code, and a customer-service text $query_auth_code$_from_api.
  it.each(officialAccounts)('$appid answers QUERY_AUTH_CODE empty, then <code>_from_api through api_query_auth', async ({ appid }) => {
    const { auth_code } = await sim.authCode(appid);
    const before = await callsOf(appid, queryAuth);

    const res = await sim.send({ appid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) });
    const sent = await sentWith(appid, `${auth_code}_from_api`);

    expect(res.attempts).toEqual([expect.objectContaining({ status: 200, body: 'success' })]);
    expect(sent).toEqual([{ touser: res.message['FromUserName'], msgtype: 'text', text: { content: `${auth_code}_from_api` } }]);
    expect((await callsOf(appid, queryAuth)) - before).toBe(1);
  });
});

describe('release test (全网发布): every group’s mini program', () => {
  // releases_instructions.html, 测试小程序使用客服消息接口处理用户消息: the same QUERY_AUTH_CODE case through the
  // mini program's customer-service message API (cgi-bin/message/custom/send).
  it.each(miniPrograms)('$appid answers QUERY_AUTH_CODE with <code>_from_api as a customer-service message', async ({ appid }) => {
    const { auth_code } = await sim.authCode(appid);

    const res = await sim.send({ appid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) });
    const sent = await sentWith(appid, `${auth_code}_from_api`);

    expect(res.attempts[0]).toMatchObject({ status: 200, body: 'success' });
    expect(sent).toEqual([{ touser: res.message['FromUserName'], msgtype: 'text', text: { content: `${auth_code}_from_api` } }]);
  });
});

describe('release test (全网发布): the one-time authorization code', () => {
  // Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html: the code
  // is single-use (a second api_query_auth answers 61010), so a retried send must not spend it again.
  it('retries a failed customer-service send with the token the first api_query_auth answered, never a second call', async () => {
    // Prepare: WeChat fails the group-2 account's next customer-service message once
    const { appid } = officialAccounts[1]!;
    const { auth_code } = await sim.authCode(appid);
    const before = { query: await callsOf(appid, queryAuth), send: await callsOf(appid, customSend) };
    await sim.fault({ path: customSend, appid, errcode: -1, errmsg: 'system error', times: 1 });

    // Act
    const res = await sim.send({ appid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) });
    const sent = await sentWith(appid, `${auth_code}_from_api`);
    const item = await doneRecordOf(appid, res.message);

    // Assess: the code spent once, the message sent on the second try
    expect(res.attempts[0]).toMatchObject({ status: 200, body: 'success' });
    expect(sent).toHaveLength(1);
    expect((await callsOf(appid, queryAuth)) - before.query).toBe(1);
    expect((await callsOf(appid, customSend)) - before.send).toBe(2);
    expect(item['answer']).toMatchObject({ kind: 'custom', summary: `${auth_code}_from_api` });
  });

  // Same page: one code, one api_query_auth; releases_instructions.html: the check may deliver its
  // QUERY_AUTH_CODE message more than once, and each follower message is answered.
  it('spends a code once when two messages carry it to two workers at the same time', async () => {
    // Prepare: api_query_auth is slow enough for the second worker to arrive while the first waits
    const { appid } = officialAccounts[2]!;
    const { auth_code } = await sim.authCode(appid);
    const before = await callsOf(appid, queryAuth);
    await sim.fault({ path: queryAuth, appid, delayMs: 250, times: 1 });

    // Act: WeChat's check sends the same code in two messages (two MsgIds)
    const [first, second] = await Promise.all([
      sim.send({ appid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) }),
      sim.send({ appid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) }),
    ]);
    const sent = await sentWith(appid, `${auth_code}_from_api`, 2);

    // Assess: each follower message answered, the code exchanged once
    expect([first.attempts[0]?.body, second.attempts[0]?.body]).toEqual(['success', 'success']);
    expect(first.message['MsgId']).not.toBe(second.message['MsgId']);
    expect(sent.map((m) => m.touser).sort()).toEqual([first.message['FromUserName'], second.message['FromUserName']].sort());
    expect((await callsOf(appid, queryAuth)) - before).toBe(1);
  });

  // Authorization_Process_Technical_Description.html: "auth_code=xxx&expires_in=600"; api_query_auth answers
  // 61010 "code is expired" past it. Final: recorded on the message, not retried, nothing sent.
  it('records a code WeChat refuses as expired (past its 600 s) and does not retry it', async () => {
    const { appid } = officialAccounts[3]!;
    const { auth_code } = await sim.authCode(appid, 601);
    const before = { query: await callsOf(appid, queryAuth), send: await callsOf(appid, customSend) };

    const res = await sim.send({ appid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) });
    const item = await doneRecordOf(appid, res.message);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the queue's redeliveries would come within this

    expect(res.attempts[0]).toMatchObject({ status: 200, body: 'success' });
    expect(item['answer']).toMatchObject({ kind: 'none', summary: expect.stringContaining('61010') });
    expect((await callsOf(appid, queryAuth)) - before.query).toBe(1);
    expect((await callsOf(appid, customSend)) - before.send).toBe(0);
  });
});
