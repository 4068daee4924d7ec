import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { workers } from '../../lib/routes';
import { demoComponent } from '../../local/demo-component';
import { sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml } from '../../src/wechat/xml';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/** The live message callback, driven by the simulator acting as WeChat delivering followers' messages. */
const addRule = async (owner: UserWithAccount, type: string, reply: unknown, request: string, match = 'exact') => {
  const res = await call('/apis/wxreplymanage/addReply', {
    token: owner.user.token,
    json: { appid: owner.account.appid, type, reply, request, match },
  });
  expect(res.body.errcode).toBe(0);
};

const text = (Content: string) => ({ MsgType: 'text', Content });

/** Polls until `probe` answers something (the queue worker runs after the answer). */
const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const inboxItems = async (appid: string) =>
  (
    await testDb().send(
      new QueryCommand({ TableName: inject('tableName'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INBOX#${appid}` }, ConsistentRead: true }),
    )
  ).Items ?? [];

const article = { title: 'News', description: 'Today', picurl: 'https://img.example.com/1.jpg', url: 'https://example.com/1' };

/** Each reply type: the rule, and the reply XML fields a follower must receive. */
const replyCases = [
  { type: 'text', reply: { content: '欢迎 welcome' }, expected: { MsgType: 'text', Content: '欢迎 welcome' } },
  { type: 'image', reply: { mediaId: 'IMG' }, expected: { MsgType: 'image', Image: { MediaId: 'IMG' } } },
  { type: 'voice', reply: { mediaId: 'VOI' }, expected: { MsgType: 'voice', Voice: { MediaId: 'VOI' } } },
  {
    type: 'video',
    reply: { mediaId: 'VID', title: 'Clip', description: 'Desc' },
    expected: { MsgType: 'video', Video: { MediaId: 'VID', Title: 'Clip', Description: 'Desc' } },
  },
  {
    type: 'music',
    reply: { title: 'Song', description: 'Sd', musicUrl: 'https://m.example.com/a.mp3', thumbMediaId: 'TH' },
    expected: {
      MsgType: 'music',
      Music: { Title: 'Song', Description: 'Sd', MusicUrl: 'https://m.example.com/a.mp3', HQMusicUrl: 'https://m.example.com/a.mp3', ThumbMediaId: 'TH' },
    },
  },
  {
    // Answering a follower's message, WeChat delivers one article only: the callback sends just that.
    type: 'multitext',
    reply: [article, { ...article, title: 'Second' }],
    expected: {
      MsgType: 'news',
      ArticleCount: '1',
      Articles: { item: [{ Title: 'News', Description: 'Today', PicUrl: article.picurl, Url: article.url }] },
    },
  },
];

describe('message callback: replies of every type', () => {
  for (const mode of ['plain', 'safe'] as const) {
    it(`answers each of the six reply types in ${mode} mode`, async () => {
      // Prepare
      const owner = await userWithDirectAccount();
      for (const c of replyCases) await addRule(owner, c.type, c.reply, `kw-${c.type}`);

      for (const c of replyCases) {
        // Act
        const { message, attempts } = await sim.send({ appid: owner.account.appid, via: 'direct', mode, message: text(`KW-${c.type.toUpperCase()}`) });

        // Assess
        const [attempt] = attempts;
        expect(attempt!.status, attempt!.body).toBe(200);
        if (mode === 'safe') {
          expect(attempt!.signatureValid).toBe(true);
          expect(attempt!.body).toMatch(/^<xml><Encrypt>/);
        }
        expect(attempt!.sent).toMatchObject({ ToUserName: message['FromUserName'], FromUserName: message['ToUserName'], ...c.expected });
        expect(attempt!.reply).toEqual(attempt!.sent);
        expect(Number(attempt!.reply!['CreateTime'])).toBeGreaterThan(Date.now() / 1000 - 60);
      }
    });
  }

  it('answers in safe and compatible mode for a component-authorized account, sealed with the component key', async () => {
    const owner = await userWithComponentAccount();
    await addRule(owner, 'text', { content: 'from the platform' }, 'hi');

    const safe = await sim.send({ appid: owner.account.appid, via: 'component', mode: 'safe', message: text('hi') });
    const compat = await sim.send({ appid: owner.account.appid, via: 'component', mode: 'compat', message: text('hi') });

    for (const res of [safe, compat]) {
      expect(res.attempts[0]!.signatureValid).toBe(true);
      expect(res.attempts[0]!.reply).toMatchObject({ MsgType: 'text', Content: 'from the platform' });
    }
  });
});

describe('message callback: matching', () => {
  it('answers @subscribe to a new follower, the scene rule to one who came through a QR code', async () => {
    const owner = await userWithDirectAccount();
    await addRule(owner, 'text', { content: 'welcome' }, '@subscribe');
    await addRule(owner, 'text', { content: 'welcome from the shop door' }, '@subscribe:shopdoor');

    const plain = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'event', Event: 'subscribe' } });
    const scanned = await sim.send({
      appid: owner.account.appid,
      via: 'direct',
      mode: 'safe',
      message: { MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_shopdoor' },
    });

    expect(plain.attempts[0]!.reply).toMatchObject({ Content: 'welcome' });
    expect(scanned.attempts[0]!.reply).toMatchObject({ Content: 'welcome from the shop door' });
  });

  it('answers @default when nothing matches, and `success` when there is no @default either', async () => {
    const withDefault = await userWithDirectAccount();
    await addRule(withDefault, 'text', { content: 'sorry?' }, '@default');
    const without = await userWithDirectAccount();

    const defaulted = await sim.send({ appid: withDefault.account.appid, via: 'direct', mode: 'plain', message: text('anything') });
    const silent = await sim.send({ appid: without.account.appid, via: 'direct', mode: 'safe', message: text('anything') });
    const unsubscribed = await sim.send({ appid: withDefault.account.appid, via: 'direct', mode: 'plain', message: { MsgType: 'event', Event: 'unsubscribe' } });

    expect(defaulted.attempts[0]!.reply).toMatchObject({ Content: 'sorry?' });
    expect(silent.attempts[0]).toMatchObject({ status: 200, body: 'success', reply: null });
    expect(unsubscribed.attempts[0]).toMatchObject({ status: 200, body: 'success' });
  });

  it('matches exact keywords first, then the longest `contains` keyword, ignoring case', async () => {
    const owner = await userWithDirectAccount();
    await addRule(owner, 'text', { content: 'coffee rule' }, 'coffee', 'contains');
    await addRule(owner, 'text', { content: 'beans rule' }, 'Coffee Beans', 'contains');
    await addRule(owner, 'text', { content: 'exact rule' }, 'coffee menu');

    const send = (content: string) => sim.send({ appid: owner.account.appid, via: 'direct', mode: 'plain', message: text(content) });
    const [exact, longest, shorter, none] = await Promise.all([
      send('COFFEE MENU'),
      send('any coffee beans today?'),
      send('I like coffee'),
      send('tea'),
    ]);

    expect(exact.attempts[0]!.reply).toMatchObject({ Content: 'exact rule' });
    expect(longest.attempts[0]!.reply).toMatchObject({ Content: 'beans rule' });
    expect(shorter.attempts[0]!.reply).toMatchObject({ Content: 'coffee rule' });
    expect(none.attempts[0]!.body).toBe('success');
  });
});

describe('message callback: WeChat’s retries', () => {
  it('answers the same message delivered 3 times alike and processes it once', async () => {
    const owner = await userWithDirectAccount();
    await addRule(owner, 'text', { content: 'once' }, 'retry');

    const { message, attempts } = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: text('retry'), repeat: 3 });
    const items = await inboxItems(owner.account.appid);

    expect(attempts.map((a) => a.reply?.['Content'])).toEqual(['once', 'once', 'once']);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ msgId: message['MsgId'], state: 'done', answer: { kind: 'passive', replyType: 'text', summary: 'once' } });
  });
});

describe('message callback: release-test work after the answer', () => {
  it('answers at once while the slow work runs in the queue worker, and sends once across 3 deliveries', async () => {
    // Prepare: the release-test work behind this message takes 6 s, more than WeChat's 5
    const { auth_code } = await sim.authCode('wx570bc396a51b8ff8');
    await sim.fault({ path: 'cgi-bin/component/api_query_auth', appid: 'wx570bc396a51b8ff8', delayMs: 6000 });

    // Act
    const res = await sim.send({ appid: 'wx570bc396a51b8ff8', via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`), timeoutMs: 5000, repeat: 3 });
    const sent = await eventually(async () => {
      const found = (await sim.messages('wx570bc396a51b8ff8')).messages.filter((m) => m.text?.content === `${auth_code}_from_api`);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sim.clearFaults('wx570bc396a51b8ff8');

    // Assess: every delivery answered in time, and the message was sent once
    expect(res.attempts.map((a) => [a.status, a.body])).toEqual([
      [200, 'success'],
      [200, 'success'],
      [200, 'success'],
    ]);
    expect(sent).toHaveLength(1);
    expect((await sim.messages('wx570bc396a51b8ff8')).messages.filter((m) => m.text?.content === `${auth_code}_from_api`)).toHaveLength(1);
   }, 40_000);
});

describe('message callback: refusals', () => {
  /** A hand-made delivery, to break one thing at a time. */
  const post = (appid: string, query: Record<string, string>, body: string, contentType = 'text/xml') =>
    call(`/wxplatform/callback/${appid}`, { method: 'POST', query, raw: body, contentType });

  const signed = (token: string, timestamp = String(Math.floor(Date.now() / 1000)), nonce = '42') => ({
    timestamp,
    nonce,
    signature: sha1Signature(token, timestamp, nonce),
  });

  const plainMessage = buildWechatXml({ ToUserName: 'gh_x', FromUserName: 'o_x', CreateTime: 1, MsgType: 'text', Content: 'hi', MsgId: '1' });

  it('refuses a forged signature, an old timestamp, a DOCTYPE, a 1 MB body and an unknown appid', async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const old = String(Math.floor(Date.now() / 1000) - 3600);

    const forged = await post(appid, signed('not-the-token'), plainMessage);
    const replayed = await post(appid, signed(owner.account.token, old), plainMessage);
    const doctype = await post(appid, signed(owner.account.token), `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>`);
    const huge = await post(appid, signed(owner.account.token), `<xml><Content>${'x'.repeat(1024 * 1024)}</Content></xml>`);
    const unknown = await post('wx0000000000000bad', signed(owner.account.token), plainMessage);
    const notXml = await post(appid, signed(owner.account.token), '{"MsgType":"text"}', 'application/json');

    expect([forged, replayed, doctype, huge, unknown, notXml].map((r) => [r.status, r.body.errcode])).toEqual([
      [403, 40300],
      [403, 40300],
      [400, 40000],
      [413, 41300],
      [404, 40400],
      [400, 40000],
    ]);
  });

  it('refuses a safe-mode message whose msg_signature does not verify', async () => {
    const owner = await userWithDirectAccount();
    const query = signed(owner.account.token);
    const sealed = sealMessage({ xml: plainMessage, token: 'other', encodingAesKey: owner.account.aesKey, appId: owner.account.appid, ...query });

    const res = await post(owner.account.appid, { ...query, encrypt_type: 'aes', msg_signature: sealed.msgSignature }, buildWechatXml({ Encrypt: sealed.encrypt }));

    expect(res.status).toBe(403);
    expect(res.body.field).toBe('msg_signature');
  });

  it('verifies the callback URL: echostr under a valid signature, 403 otherwise', async () => {
    const direct = await userWithDirectAccount();
    const component = await userWithComponentAccount();

    const ok = await call(`/wxplatform/callback/${direct.account.appid}`, { query: { ...signed(direct.account.token), echostr: 'echo123' } });
    const viaComponent = await call(`/wxplatform/callback/${component.account.appid}`, { query: { ...signed(demoComponent.token), echostr: 'echo456' } });
    const wrong = await call(`/wxplatform/callback/${direct.account.appid}`, { query: { ...signed('wrong'), echostr: 'echo' } });

    expect(ok).toMatchObject({ status: 200, text: 'echo123' });
    expect(viaComponent).toMatchObject({ status: 200, text: 'echo456' });
    expect(wrong.status).toBe(403);
  });
});

describe('open platform release test (全网发布)', () => {
  const testAppid = 'wx570bc396a51b8ff8';

  it('answers the fixed text and event cases', async () => {
    const textCase = await sim.send({ appid: testAppid, via: 'component', mode: 'safe', message: text('TESTCOMPONENT_MSG_TYPE_TEXT') });
    const eventCase = await sim.send({ appid: testAppid, via: 'component', mode: 'safe', message: { MsgType: 'event', Event: 'LOCATION' } });

    expect(textCase.attempts[0]!.reply).toMatchObject({ MsgType: 'text', Content: 'TESTCOMPONENT_MSG_TYPE_TEXT_callback' });
    expect(eventCase.attempts[0]!.reply).toMatchObject({ MsgType: 'text', Content: 'LOCATIONfrom_callback' });
  });

  it('answers QUERY_AUTH_CODE empty, then sends <code>_from_api as a customer-service message', async () => {
    const { auth_code } = await sim.authCode(testAppid);

    const res = await sim.send({ appid: testAppid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) });
    const messages = await eventually(async () => {
      const { messages } = await sim.messages(testAppid);
      return messages.some((m) => m.text?.content === `${auth_code}_from_api`) ? messages : undefined;
    });

    expect(res.attempts[0]).toMatchObject({ status: 200, body: 'success' });
    expect(messages).toContainEqual({ touser: res.message['FromUserName'], msgtype: 'text', text: { content: `${auth_code}_from_api` } });
  });

  it('retries the worker after a failure and sends exactly once; a job that keeps failing ends in the dead-letter queue', async () => {
    // Prepare: WeChat fails api_query_auth once for the first code, always for the second
    const flaky = await sim.authCode(testAppid);
    await sim.fault({ path: 'cgi-bin/component/api_query_auth', appid: testAppid, errcode: -1, errmsg: 'system error', times: 1 });

    // Act
    const first = await sim.send({ appid: testAppid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${flaky.auth_code}`), repeat: 2 });
    const sent = await eventually(async () => {
      const found = (await sim.messages(testAppid)).messages.filter((m) => m.text?.content === `${flaky.auth_code}_from_api`);
      return found.length ? found : undefined;
    });
    const broken = await sim.authCode(testAppid);
    await sim.fault({ path: 'cgi-bin/component/api_query_auth', appid: testAppid, errcode: -1, errmsg: 'system error', times: 100 });
    await sim.send({ appid: testAppid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${broken.auth_code}`) });
    const dead = await eventually(async () => {
      const res = (await (await fetch(`${inject('queuesEndpoint')}/__queues/callbackJobs/dead-letters`)).json()) as { messages: { body: string; receiveCount: number }[] };
      return res.messages.find((m) => m.body.includes(broken.auth_code));
    }, 20_000);
    await sim.clearFaults(testAppid);

    // Assess
    expect(first.attempts.map((a) => a.body)).toEqual(['success', 'success']);
    expect(sent).toHaveLength(1);
    expect(dead.receiveCount).toBe(workers.callbackJobs.maxReceiveCount);
    expect((await sim.messages(testAppid)).messages.filter((m) => m.text?.content === `${broken.auth_code}_from_api`)).toHaveLength(0);
  }, 40_000);

  it('answers `success` inside WeChat’s 5 s when the work behind a reply is slow', async () => {
    const { auth_code } = await sim.authCode(testAppid);
    await sim.fault({ path: 'cgi-bin/component/api_query_auth', appid: testAppid, delayMs: 6000 });

    const started = Date.now();
    const res = await sim.send({ appid: testAppid, via: 'component', mode: 'safe', message: text(`QUERY_AUTH_CODE:${auth_code}`) });
    const took = Date.now() - started;
    await sim.clearFaults(testAppid);

    expect(res.attempts[0]).toMatchObject({ status: 200, body: 'success' });
    expect(took).toBeLessThan(5000);
  });
});
