import { randomBytes } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it, vi } from 'vitest';
import { sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml, type XmlInputObject } from '../../src/wechat/xml';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * The callback's per-container cache (account + compiled rules keyed by rulesVersion) and its one
 * write per message. A "container" here is a fresh instance of the callback's modules in this
 * process (its own caches and its own DynamoDB client, whose requests are counted); the local
 * gateway is another container.
 */
let containers = 0;
const container = async () => {
  vi.resetModules();
  const id = ++containers;
  const { handleCallback } = await import('../../src/callback/handle-callback');
  const { db } = await import('../../src/core/data/client');
  const requests: string[] = [];
  const faults: { command: string; error: Error }[] = [];
  db.middlewareStack.add(
    (next, context) => async (args) => {
      requests.push(context.commandName ?? '?');
      const fault = faults.findIndex((f) => f.command === context.commandName);
      if (fault !== -1) throw faults.splice(fault, 1)[0]!.error;
      return next(args);
    },
    { step: 'initialize', name: `countRequestsInTest${id}` },
  );
  return { handleCallback, requests, faults, db };
};

type Container = Awaited<ReturnType<typeof container>>;

/** A safe-mode delivery of `message` to a direct account, as WeChat signs and seals it. */
const delivery = (keys: { appid: string; token: string; aesKey: string; username?: string }, message: XmlInputObject) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  // The account's own original ID, as WeChat addresses it (the callback refuses another).
  const xml = buildWechatXml({ ToUserName: keys.username ?? 'gh_test', FromUserName: 'o_follower', CreateTime: Number(timestamp), MsgId: String(BigInt(`0x${randomBytes(7).toString('hex')}`)), ...message });
  const sealed = sealMessage({ xml, token: keys.token, encodingAesKey: keys.aesKey, appId: keys.appid, timestamp, nonce });
  return {
    query: { signature: sha1Signature(keys.token, timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: sealed.msgSignature },
    body: Buffer.from(buildWechatXml({ ToUserName: 'gh_test', Encrypt: sealed.encrypt })),
  };
};

/** The reply's Content as the follower reads it ('' for `success`). */
const contentOf = async (keys: { appid: string; token: string; aesKey: string }, answer: { body: string }) => {
  if (answer.body === 'success') return '';
  const { openMessage } = await import('../../src/wechat/crypto');
  const { parseWechatXml, field } = await import('../../src/wechat/xml');
  const envelope = parseWechatXml(answer.body);
  const plain = openMessage({
    encrypt: field(envelope, 'Encrypt'),
    msgSignature: field(envelope, 'MsgSignature'),
    timestamp: field(envelope, 'TimeStamp'),
    nonce: field(envelope, 'Nonce'),
    token: keys.token,
    encodingAesKey: keys.aesKey,
    appId: keys.appid,
  });
  return field(parseWechatXml(plain), 'Content');
};

/** A budget far above WeChat's, so a loaded test machine never turns these into late replies. */
const budget = 20_000;

const run = async (c: Container, keys: { appid: string; token: string; aesKey: string }, message: XmlInputObject, budgetMs = budget) => {
  const { query, body } = delivery(keys, message);
  return contentOf(keys, await c.handleCallback(keys.appid, query, body, budgetMs));
};

const viaGateway = async (owner: UserWithAccount, content: string, keys?: { token: string; aesKey: string }) => {
  const res = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: content }, ...keys });
  return res.attempts[0]!.reply?.['Content'] ?? res.attempts[0]!.body;
};

const rule = async (owner: UserWithAccount, action: 'addReply' | 'updateReply' | 'deleteReply', request: string, content?: string, match = 'exact') => {
  const res = await call(`/apis/wxreplymanage/${action}`, {
    token: owner.user.token,
    json: { appid: owner.account.appid, request, match, ...(content === undefined ? {} : { type: 'text', reply: { content } }) },
  });
  expect(res.body.errcode, JSON.stringify(res.body)).toBe(0);
};

const inbox = async (pk: string) =>
  (await testDb().send(new QueryCommand({ TableName: inject('tableName'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true })))
    .Items ?? [];

const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('callback: DynamoDB requests per message on a warm container', () => {
  it('makes two requests (account GetItem, the inbox write with its (timestamp, nonce) pair in one TransactWriteItems) whether a rule matches or not, with 20 contains rules', { timeout: 60_000 }, async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', '@default', 'default answer');
    for (let i = 0; i < 20; i++) await rule(owner, 'addReply', `word${i}`, `contains ${i}`, 'contains');
    const c = await container();
    await run(c, owner.account, { MsgType: 'text', Content: 'warm up' });

    // Act
    const counts: number[] = [];
    const answers: string[] = [];
    for (const content of ['say word7 please', 'nothing here', 'WORD12']) {
      c.requests.length = 0;
      answers.push(await run(c, owner.account, { MsgType: 'text', Content: content }));
      counts.push(c.requests.length);
    }

    // Assess
    expect(answers).toEqual(['contains 7', 'default answer', 'contains 12']);
    expect(counts).toEqual([2, 2, 2]);
    expect(c.requests).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
  });
});

describe('callback: rules of several keywords cost no request per message', () => {
  // WeChat's 关键词回复: several keywords per rule, each 全匹配 or 半匹配
  // (developers.weixin.qq.com/doc/offiaccount/Message_Management/Getting_Rules_for_Auto_Replies.html).
  it('answers by any keyword of a rule, 全匹配 and 半匹配, with two requests per warm message', { timeout: 60_000 }, async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const added = await call('/apis/wxreplymanage/addReply', {
      token: owner.user.token,
      json: {
        appid: owner.account.appid,
        request: 'delivery',
        keywords: [
          { keyword: '送货', match: 'contains' },
          { keyword: 'shipping', match: 'exact' },
        ],
        type: 'text',
        reply: { content: 'we ship daily' },
      },
    });
    expect(added.body.errcode, JSON.stringify(added.body)).toBe(0);
    const c = await container();
    await run(c, owner.account, { MsgType: 'text', Content: 'warm up' });

    // Act
    const counts: number[] = [];
    const answers: string[] = [];
    for (const content of ['Delivery', '什么时候送货？', 'SHIPPING', 'free shipping?']) {
      c.requests.length = 0;
      answers.push(await run(c, owner.account, { MsgType: 'text', Content: content }));
      counts.push(c.requests.length);
    }

    // Assess: shipping is 全匹配, so a sentence around it gets nothing
    expect(answers).toEqual(['we ship daily', 'we ship daily', 'we ship daily', '']);
    expect(counts).toEqual([2, 2, 2, 2]);
  });
});

describe('callback: the rule cache sees every change by the very next message', { timeout: 60_000 }, () => {
  it('shows an edit and a deletion in the next reply, in two containers alike', async () => {
    // Prepare: both containers have the rule set cached
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'hours', 'nine to five');
    const c = await container();
    expect(await run(c, owner.account, { MsgType: 'text', Content: 'hours' })).toBe('nine to five');
    expect(await viaGateway(owner, 'hours')).toBe('nine to five');

    // Act / Assess: an edit
    await rule(owner, 'updateReply', 'hours', 'ten to six');
    expect(await run(c, owner.account, { MsgType: 'text', Content: 'hours' })).toBe('ten to six');
    expect(await viaGateway(owner, 'hours')).toBe('ten to six');

    // Act / Assess: a deletion
    await rule(owner, 'deleteReply', 'hours');
    expect(await run(c, owner.account, { MsgType: 'text', Content: 'hours' })).toBe('');
    expect(await viaGateway(owner, 'hours')).toBe('success');
  });

  it('uses a changed token and EncodingAESKey from the next message on, and refuses the old ones', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'ping', 'pong');
    expect(await viaGateway(owner, 'ping')).toBe('pong');
    const fresh = { token: `tok${randomBytes(6).toString('hex')}`, aesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'A') };

    // Act
    const rebound = await call('/apis/accounts/bindDirect', {
      token: owner.user.token,
      form: { appid: owner.account.appid, appsecret: owner.account.secret, token: fresh.token, encodingAESKey: fresh.aesKey },
    });
    const withNew = await viaGateway(owner, 'ping', fresh);
    const withOld = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'ping' } });

    // Assess
    expect(rebound.body.errcode).toBe(0);
    expect(withNew).toBe('pong');
    expect(withOld.attempts[0]!.status).toBe(403);
  });

  it('answers nothing for an account deauthorized a moment ago', async () => {
    // Prepare
    const owner = await userWithComponentAccount();
    await rule(owner, 'addReply', 'hello', 'hi there');
    const before = await sim.send({ appid: owner.account.appid, via: 'component', mode: 'safe', message: { MsgType: 'text', Content: 'hello' } });

    // Act
    await sim.unauthorize(owner.account.appid);
    const after = await sim.send({ appid: owner.account.appid, via: 'component', mode: 'safe', message: { MsgType: 'text', Content: 'hello' } });

    // Assess
    expect(before.attempts[0]!.reply).toMatchObject({ Content: 'hi there' });
    expect(after.attempts[0]).toMatchObject({ status: 200, body: 'success' });
  });
});

describe('callback: one write per message, across containers and failures', { timeout: 60_000 }, () => {
  it('records a message delivered to two containers once, and both answer the same', async () => {
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'menu', 'today: soup');
    const [a, b] = [await container(), await container()];
    const { query, body } = delivery(owner.account, { MsgType: 'text', Content: 'menu' });
    expect(a.db).not.toBe(b.db);

    const answers = await Promise.all([a.handleCallback(owner.account.appid, query, body, budget), b.handleCallback(owner.account.appid, query, body, budget)]);

    expect(await Promise.all(answers.map((answer) => contentOf(owner.account, answer)))).toEqual(['today: soup', 'today: soup']);
    expect(await inbox(`INBOX#${owner.account.appid}`)).toHaveLength(1);
  });

  it('writes nothing when processing fails before the write, so WeChat’s retry is processed again', async () => {
    // Prepare: this container's write is throttled once
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'retry me', 'processed');
    const c = await container();
    c.faults.push({ command: 'TransactWriteItemsCommand', error: Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }) });
    const { query, body } = delivery(owner.account, { MsgType: 'text', Content: 'retry me' });

    // Act
    const first = await c.handleCallback(owner.account.appid, query, body, budget).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    const recordedAfterFailure = await inbox(`INBOX#${owner.account.appid}`);
    const retry = await contentOf(owner.account, await c.handleCallback(owner.account.appid, query, body, budget));

    // Assess
    expect(first).toBe('ProvisionedThroughputExceededException');
    expect(recordedAfterFailure).toHaveLength(0);
    expect(retry).toBe('processed');
    expect(await inbox(`INBOX#${owner.account.appid}`)).toMatchObject([{ state: 'done', answer: { kind: 'passive', summary: 'processed' } }]);
  });

  it('sends a reply that missed the budget to the follower as a customer-service message, once', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'slow', 'worth the wait');
    const c = await container();
    const { query, body } = delivery(owner.account, { MsgType: 'text', Content: 'slow', FromUserName: 'o_patient' });
    // The message went straight to the callback, not through the simulated WeChat: tell WeChat the
    // follower wrote, which opens its 48-hour customer-service window.
    await sim.interaction(owner.account.appid, 'o_patient', Math.floor(Date.now() / 1000));

    // Act: no time at all to answer
    const answer = await c.handleCallback(owner.account.appid, query, body, 0);
    const sent = await eventually(async () => {
      const found = (await sim.messages(owner.account.appid)).messages.filter((m) => m.touser === 'o_patient');
      return found.length ? found : undefined;
    });
    const recorded = await eventually(async () => {
      const items = await inbox(`INBOX#${owner.account.appid}`);
      return items[0]?.['state'] === 'done' ? items : undefined;
    });

    // Assess
    expect(answer.body).toBe('success');
    expect(sent).toEqual([{ touser: 'o_patient', msgtype: 'text', text: { content: 'worth the wait' } }]);
    expect(recorded).toMatchObject([{ openid: 'o_patient', content: 'slow', state: 'done', answer: { kind: 'custom', replyType: 'text', summary: 'worth the wait' } }]);
  });
});

describe('callback: the inbox record', { timeout: 60_000 }, () => {
  it('keeps a message with its answer for the account’s retention, keyed as the inbox reads it', async () => {
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'where', 'main street 1');

    const res = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'where' } });
    const [item] = await inbox(`INBOX#${owner.account.appid}`);

    const createTime = Number(res.message['CreateTime']);
    expect(item).toMatchObject({
      sk: expect.stringMatching(new RegExp(`^MSG#${String(createTime).padStart(10, '0')}#[0-9a-f]{32}$`)),
      gsi1pk: `INBOX#${owner.account.appid}#${res.message['FromUserName']}`,
      type: 'inboxMessage',
      appid: owner.account.appid,
      openid: res.message['FromUserName'],
      msgType: 'text',
      content: 'where',
      msgId: res.message['MsgId'],
      createTime,
      state: 'done',
      handled: false,
      answer: { kind: 'passive', replyType: 'text', summary: 'main street 1', xml: expect.stringContaining('main street 1') },
    });
    expect(item!['gsi1sk']).toBe(item!['sk']);
    expect(item!['ttl'] - Date.parse(item!['receivedAt']) / 1000).toBeCloseTo(5 * 86_400, -1);
  });

  it('keeps nothing in the inbox at retention 0, yet still de-duplicates retries', async () => {
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'secret', 'shh');
    await testDb().send(
      new UpdateCommand({ TableName: inject('tableName'), Key: { pk: `ACCOUNT#${owner.account.appid}`, sk: 'ACCOUNT' }, UpdateExpression: 'SET inboxRetentionDays = :zero', ExpressionAttributeValues: { ':zero': 0 } }),
    );

    const res = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: 'secret' }, repeat: 2 });

    expect(res.attempts.map((a) => a.reply?.['Content'])).toEqual(['shh', 'shh']);
    expect(await inbox(`INBOX#${owner.account.appid}`)).toHaveLength(0);
    const marks = await inbox(`MSGMARK#${owner.account.appid}`);
    expect(marks).toHaveLength(1);
    expect(marks[0]).not.toHaveProperty('content');
    expect(marks[0]!['ttl'] - Date.now() / 1000).toBeLessThanOrEqual(600);
  });

  it('records a view event without answering it, and answers menu events by their key', async () => {
    const owner = await userWithDirectAccount();
    await rule(owner, 'addReply', 'V1001_TODAY_MUSIC', 'today’s music');
    const event = (Event: string, EventKey: string) =>
      sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'event', Event, EventKey } });

    const answers = [];
    for (const name of ['CLICK', 'scancode_waitmsg', 'scancode_push', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select']) {
      answers.push((await event(name, 'V1001_TODAY_MUSIC')).attempts[0]!.reply?.['Content']);
    }
    const view = await event('VIEW', 'https://example.com/V1001_TODAY_MUSIC');
    const recorded = await inbox(`INBOX#${owner.account.appid}`);

    expect(answers).toEqual(Array(7).fill('today’s music'));
    expect(view.attempts[0]).toMatchObject({ status: 200, body: 'success' });
    expect(recorded.find((item) => item['event'] === 'VIEW')).toMatchObject({ msgType: 'event', eventKey: 'https://example.com/V1001_TODAY_MUSIC', answer: { kind: 'none' } });
    expect(recorded).toHaveLength(8);
  });
});
