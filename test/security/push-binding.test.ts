import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { demoComponent } from '../../local/demo-component';
import { pushComponentEvent } from '../../local/wechat-sim/push';
import { getComponentTicket } from '../../src/wechat/data/component-ticket';
import { sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml } from '../../src/wechat/xml';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * Attacks on the push doors (issue 22, item 3): a push is bound to the account it was sealed for,
 * to its moment, and its (timestamp, nonce) to one message. Each test is the attack of the issue
 * and fails if the hole comes back.
 *
 * WeChat's rules relied on:
 * - Official account message encryption (消息加解密说明):
 *   https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 *   (safe mode: only Encrypt carries the message; msg_signature over token, timestamp, nonce, Encrypt)
 * - Third-party platforms receive every push encrypted:
 *   https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Message_encryption_and_decryption.html
 * - Receiving messages (ToUserName is the account's original ID; retries within 5 s, three times):
 *   https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * - api_get_authorizer_info answers authorizer_info.user_name, the original ID:
 *   https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
 */
const now = () => Math.floor(Date.now() / 1000);
const text = (Content: string) => ({ MsgType: 'text', Content });

const addRule = async (owner: UserWithAccount, content: string, request: string) => {
  const res = await call('/apis/wxreplymanage/addReply', {
    token: owner.user.token,
    json: { appid: owner.account.appid, type: 'text', reply: { content }, request, match: 'exact' },
  });
  expect(res.body.errcode).toBe(0);
};

const inboxItems = async (appid: string) =>
  (
    await testDb().send(
      new QueryCommand({ TableName: inject('tableName'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INBOX#${appid}` }, ConsistentRead: true }),
    )
  ).Items ?? [];

const accountItem = async (appid: string) =>
  (await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: { pk: `ACCOUNT#${appid}`, sk: 'ACCOUNT' }, ConsistentRead: true }))).Item;

const messageXml = (toUserName: string, content: string, msgId = String(Date.now()) + String(Math.floor(Math.random() * 1e6))) =>
  buildWechatXml({ ToUserName: toUserName, FromUserName: 'o_attacker_follower_000000000', CreateTime: now(), MsgType: 'text', Content: content, MsgId: msgId });

interface Keys {
  token: string;
  aesKey: string;
  /** The appid sealed inside (the component's for component accounts). */
  appid: string;
}

/** A hand-made delivery to /wxplatform/callback/<appid>: plaintext, or safe mode sealed with `keys`. */
const deliver = (appid: string, keys: Keys, xml: string, options: { encrypted: boolean; timestamp?: string; nonce?: string }) => {
  const timestamp = options.timestamp ?? String(now());
  const nonce = options.nonce ?? String(Math.floor(Math.random() * 1e9));
  const query: Record<string, string> = { timestamp, nonce, signature: sha1Signature(keys.token, timestamp, nonce) };
  let body = xml;
  if (options.encrypted) {
    const sealed = sealMessage({ xml, token: keys.token, encodingAesKey: keys.aesKey, appId: keys.appid, timestamp, nonce });
    query['encrypt_type'] = 'aes';
    query['msg_signature'] = sealed.msgSignature;
    body = buildWechatXml({ ToUserName: 'gh_envelope', Encrypt: sealed.encrypt });
  }
  return call(`/wxplatform/callback/${appid}`, { method: 'POST', query, raw: body, contentType: 'text/xml' });
};

const componentKeys: Keys = { token: demoComponent.token, aesKey: demoComponent.aesKey, appid: demoComponent.appid };

describe('pushes bound to their account', () => {
  // Two authorizations through WeChat's page: give a loaded machine the time.
  it('refuses a safe-mode push sealed for component account Z and posted to account Y: not answered with Y’s rule, not in Y’s inbox', { timeout: 60_000 }, async () => {
    // Prepare: two accounts of the same platform; Y answers "hi"
    const y = await userWithComponentAccount();
    const z = await userWithComponentAccount();
    await addRule(y, 'Y answers', 'hi');
    const sealedForZ = messageXml(z.account.username, 'hi');

    // Act: the very push WeChat sealed for Z, replayed to Y's URL (same platform keys decrypt it)
    const atY = await deliver(y.account.appid, componentKeys, sealedForZ, { encrypted: true });
    const atZ = await deliver(z.account.appid, componentKeys, sealedForZ, { encrypted: true });

    // Assess
    expect(atY.status, atY.text).toBe(403);
    expect(atY.body).toMatchObject({ errcode: 40300 });
    expect(atY.body.msg).toMatch(/^ToUserName:/);
    expect(atY.text).not.toContain('Y answers');
    expect(await inboxItems(y.account.appid)).toHaveLength(0);
    expect(atZ.status, 'the push itself is genuine for Z').toBe(200);
  });

  it('keeps the original ID api_get_authorizer_info gave at authorization on the account', async () => {
    const owner = await userWithComponentAccount();

    expect((await accountItem(owner.account.appid))?.['originalId']).toBe(owner.account.username);
  });

  it('refuses a plaintext push to a component account (WeChat always encrypts for a third-party platform)', async () => {
    const owner = await userWithComponentAccount();
    await addRule(owner, 'should not be sent', 'hi');

    const plain = await deliver(owner.account.appid, componentKeys, messageXml(owner.account.username, 'hi'), { encrypted: false });
    const simPlain = await sim.send({ appid: owner.account.appid, via: 'component', mode: 'plain', message: text('hi') });
    const genuine = await sim.send({ appid: owner.account.appid, via: 'component', mode: 'safe', message: text('hi') });

    expect(plain.status, plain.text).toBe(403);
    expect(plain.body.msg).toMatch(/^encrypt_type:/);
    expect(simPlain.attempts, 'the simulator sends no plaintext to a platform, as WeChat').toBeUndefined();
    expect(genuine.attempts[0]).toMatchObject({ status: 200, reply: { Content: 'should not be sent' } });
    expect(await inboxItems(owner.account.appid)).toHaveLength(1);
  });

  it('refuses a plaintext push to a direct account set to safe mode, and takes encrypted ones', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount();
    const bound = await call('/apis/accounts/bindDirect', {
      token: user.token,
      form: { appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey, encryptMode: 'safe' },
    });
    expect(bound.body.errcode).toBe(0);

    const plain = await sim.send({ appid: account.appid, via: 'direct', mode: 'plain', message: text('hi') });
    const safe = await sim.send({ appid: account.appid, via: 'direct', mode: 'safe', message: text('hi') });

    expect(plain.attempts[0]!.status).toBe(403);
    expect(safe.attempts[0]!.status).toBe(200);
    expect(await inboxItems(account.appid)).toHaveLength(1);
  });

  it('learns a direct account’s original ID from its first verified push, then refuses a push addressed to another', async () => {
    const owner = await userWithDirectAccount();
    const keys = { token: owner.account.token, aesKey: owner.account.aesKey, appid: owner.account.appid };

    const first = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: text('hello') });
    const learned = (await accountItem(owner.account.appid))?.['originalId'];
    const elsewhere = await deliver(owner.account.appid, keys, messageXml('gh_0123456789ab', 'hello'), { encrypted: true });

    expect(first.attempts[0]!.status).toBe(200);
    expect(learned).toBe(owner.account.username);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.msg).toMatch(/^ToUserName:/);
    expect(await inboxItems(owner.account.appid)).toHaveLength(1);
  });

  it('holds a direct account to the original ID typed at binding from the very first push', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount();
    const bound = await call('/apis/accounts/bindDirect', {
      token: user.token,
      form: { appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey, originalId: 'gh_aaaaaaaaaaaa' },
    });
    expect(bound.body.errcode).toBe(0);

    const res = await sim.send({ appid: account.appid, via: 'direct', mode: 'safe', message: text('hi') });

    expect(res.attempts[0]!.status, 'the sim addresses its own gh id, not the typed one').toBe(403);
    expect((await accountItem(account.appid))?.['originalId']).toBe('gh_aaaaaaaaaaaa');
  });
});

describe('pushes bound to their moment and their (timestamp, nonce)', () => {
  it('answers WeChat’s retry (same pair, same message) with the stored answer and records it once', async () => {
    const owner = await userWithDirectAccount();
    await addRule(owner, 'once', 'hi');

    const res = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: text('hi'), repeat: 3 });

    expect(res.attempts.map((a) => [a.status, a.reply?.['Content']])).toEqual([
      [200, 'once'],
      [200, 'once'],
      [200, 'once'],
    ]);
    expect(await inboxItems(owner.account.appid)).toHaveLength(1);
  });

  it('refuses another message carried by a (timestamp, nonce) pair already used: a replayed query with a new body', async () => {
    // Plaintext mode: the signature covers token, timestamp and nonce, not the body.
    const owner = await userWithDirectAccount();
    await addRule(owner, 'answered', 'hi');
    const keys = { token: owner.account.token, aesKey: owner.account.aesKey, appid: owner.account.appid };
    const pair = { timestamp: String(now()), nonce: '777001' };
    const gh = owner.account.username;

    // One message, sent twice byte for byte as WeChat retries (built once: its CreateTime is the clock's).
    const message = messageXml(gh, 'hi', '9000000001');
    const genuine = await deliver(owner.account.appid, keys, message, { encrypted: false, ...pair });
    const retried = await deliver(owner.account.appid, keys, message, { encrypted: false, ...pair });
    const replayed = await deliver(owner.account.appid, keys, messageXml(gh, 'forged order', '9000000002'), { encrypted: false, ...pair });

    expect(genuine.status).toBe(200);
    expect(retried).toMatchObject({ status: 200, text: genuine.text });
    expect(replayed.status, replayed.text).toBe(403);
    expect(replayed.body.msg).toMatch(/^nonce:/);
    const items = await inboxItems(owner.account.appid);
    expect(items.map((i) => i['content'])).toEqual(['hi']);
  });

  it('refuses pushes and URL verifications outside ±300 s, and echoes inside', async () => {
    const owner = await userWithDirectAccount();
    const signed = (timestamp: string, nonce = '1') => ({ timestamp, nonce, signature: sha1Signature(owner.account.token, timestamp, nonce) });
    const url = `/wxplatform/callback/${owner.account.appid}`;
    const keys = { token: owner.account.token, aesKey: owner.account.aesKey, appid: owner.account.appid };

    const from2001 = await call(url, { query: { ...signed('978307200'), echostr: 'old' } });
    const ahead = await call(url, { query: { ...signed(String(now() + 400)), echostr: 'ahead' } });
    const fresh = await call(url, { query: { ...signed(String(now())), echostr: 'fresh' } });
    const oldPush = await deliver(owner.account.appid, keys, messageXml(owner.account.username, 'hi'), { encrypted: true, timestamp: String(now() - 400) });

    expect([from2001.status, ahead.status, oldPush.status]).toEqual([403, 403, 403]);
    expect(from2001.text).not.toContain('old');
    expect(fresh).toMatchObject({ status: 200, text: 'fresh' });
  });

  it('refuses a component_verify_ticket from the future (it would pin itself), and stores the next genuine one', async () => {
    // component_verify_ticket pushed every 10 minutes, CreateTime is when WeChat made it:
    // https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
    const target = { url: `${inject('baseUrl')}/wxplatform/componentEvent`, token: demoComponent.token, aesKey: demoComponent.aesKey, appid: demoComponent.appid };
    const forged = `ticket@@@forged-future-${Date.now()}`;

    const future = await pushComponentEvent(
      target,
      { AppId: demoComponent.appid, CreateTime: now() + 24 * 3600, InfoType: 'component_verify_ticket', ComponentVerifyTicket: forged },
      now(),
    );
    const afterForged = await getComponentTicket(demoComponent.appid);
    const genuine = await sim.pushTicket();

    expect(future.status, future.body).toBe(403);
    expect(afterForged).not.toBe(forged);
    expect(genuine.status).toBe(200);
    expect(await getComponentTicket(demoComponent.appid)).toBe(genuine.ticket);
  });
});
