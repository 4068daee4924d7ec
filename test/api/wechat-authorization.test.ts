import { ownOrganization } from '../support/team';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { demoComponent } from '../../local/demo-component';
import { demoAccounts } from '../../local/wechat-sim';
import { getAccount } from '../../src/core/data/accounts';
import { getComponentTicket } from '../../src/wechat/data/component-ticket';
import { isSealed } from '../../src/core/security/envelope';
import { sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml } from '../../src/wechat/xml';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { authorizeThroughPlatform, completeInConsole } from '../support/accounts';
import { sim } from '../support/wechat-sim';

/**
 * Third-party authorization, direct binding and the component event URL, over real HTTP through
 * the local gateway and the WeChat simulator. Sequential on purpose: the component token is one
 * per platform, and several tests count its refreshes.
 */
const getItem = async (pk: string, sk: string) =>
  (await testDb().send(new GetCommand({ TableName: inject('tableName'), Key: { pk, sk } }))).Item;

const authorize = authorizeThroughPlatform;

const pushToComponentUrl = (query: Record<string, string>, body: string, contentType = 'text/xml') =>
  call('/wxplatform/componentEvent', { method: 'POST', query, raw: body, contentType });

const sealedPush = (inner: Record<string, string | number>, overrides: { token?: string; appId?: string } = {}) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = '123456';
  const sealed = sealMessage({
    xml: buildWechatXml(inner),
    token: overrides.token ?? demoComponent.token,
    encodingAesKey: demoComponent.aesKey,
    appId: overrides.appId ?? demoComponent.appid,
    timestamp,
    nonce,
  });
  return {
    query: {
      timestamp,
      nonce,
      signature: sha1Signature(demoComponent.token, timestamp, nonce),
      encrypt_type: 'aes',
      msg_signature: sealed.msgSignature,
    },
    body: buildWechatXml({ AppId: demoComponent.appid, Encrypt: sealed.encrypt }),
  };
};

const ticketItem = () => getItem(`COMPONENT#${demoComponent.appid}`, 'TICKET');

describe.sequential('WeChat third-party authorization', () => {
  it('stores the component_verify_ticket WeChat pushes, and the next component token request uses it', async () => {
    // Act: WeChat (the simulator) pushes a ticket; then its component token dies
    const pushed = await sim.pushTicket();
    await sim.expire({ component: true });
    const before = await sim.calls(demoComponent.appid);
    const user = await loggedInUser();
    const res = await call('/apis/component/authUrl', { token: user.token });
    const after = await sim.calls(demoComponent.appid);

    // Assess
    expect(pushed).toMatchObject({ status: 200, body: 'success' });
    // Stored sealed (tenant secrets); the data layer answers the plaintext.
    expect(isSealed((await ticketItem())?.['ticket'])).toBe(true);
    expect(await getComponentTicket(demoComponent.appid)).toBe(pushed.ticket);
    expect(res.body).toMatchObject({ errcode: 0 });
    expect(res.body.authUrl).toContain('/cgi-bin/componentloginpage?');
    expect(res.body.mobileAuthUrl).toMatch(/\/wxaopen\/safe\/bindcomponent\?action=bindcomponent&no_scan=1&.*#wechat_redirect$/);
    // The simulator accepts only tickets it pushed: one successful token request means ours was used.
    expect((after['cgi-bin/component/api_component_token'] ?? 0) - (before['cgi-bin/component/api_component_token'] ?? 0)).toBe(1);
  });

  it('authorizes an official account end to end, lists it in me, and drops it on an unauthorized push', async () => {
    // Prepare
    const user = await loggedInUser();
    const account = await sim.createAccount({ nickname: 'Tea House' });

    // Act
    const { back, callback, completion } = await authorize(user, account);
    const me = await call('/apis/user/me', { token: user.token });

    // Assess
    expect(back).toContain('/wxplatform/authCallback?state=');
    expect(back).toContain('auth_code=queryauthcode%40%40%40');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toMatch(/#\/authorize\/return\?state=[0-9a-f]{64}&auth_code=queryauthcode/);
    expect(completion?.body).toMatchObject({ errcode: 0, status: 'linked', appid: account.appid, moved: false });
    expect(me.body.accounts).toEqual([{ appid: account.appid, nickname: 'Tea House', mode: 'component' }]);
    const stored = await getItem(`ACCOUNT#${account.appid}`, 'ACCOUNT');
    expect(isSealed(stored?.['authorizerRefreshToken'])).toBe(true);
    expect((await getAccount(account.appid))?.authorizerRefreshToken).toMatch(/^refreshtoken@@@/);
    expect(await getItem(`TOKEN#authorizer#${account.appid}`, 'TOKEN')).toMatchObject({ value: expect.any(String) });

    // Act: the owner revokes us at WeChat
    const pushed = await sim.unauthorize(account.appid);
    const meAfter = await call('/apis/user/me', { token: user.token });

    // Assess: not served any more, data kept
    expect(pushed).toMatchObject({ status: 200, body: 'success' });
    expect(meAfter.body.accounts).toEqual([]);
    expect(await getItem(`ACCOUNT#${account.appid}`, 'ACCOUNT')).toMatchObject({ status: 'unauthorized', orgId: await ownOrganization(user) });
    expect(await getItem(`TOKEN#authorizer#${account.appid}`, 'TOKEN')).toBeUndefined();
  });

  it('moves an account to a second organization whose admin authorized it afresh (proof of control; test/security/account-capture.test.ts has the rest)', async () => {
    const first = await loggedInUser();
    const second = await loggedInUser();
    const account = await sim.createAccount();
    await authorize(first, account);

    const { completion } = await authorize(second, account);

    expect(completion?.body).toMatchObject({ errcode: 0, status: 'linked', appid: account.appid, moved: true });
    expect((await call('/apis/user/me', { token: first.token })).body.accounts).toEqual([]);
    expect(await getItem(`ACCOUNT#${account.appid}`, 'ACCOUNT')).toMatchObject({ orgId: await ownOrganization(second) });
  });

  it('refuses a forged authorization state, and a completed one links nothing more when completed again', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount();
    const { callback } = await authorize(user, account);
    const location = callback.headers.get('location')!;

    const again = await completeInConsole(user.token, location);
    const forged = await completeInConsole(user.token, location.replace(/state=[0-9a-f]+/, `state=${'a'.repeat(64)}`));

    expect(again.body).toMatchObject({ errcode: 0, status: 'linked', appid: account.appid });
    expect(forged.body).toMatchObject({ errcode: 40300, field: 'state', rule: 'authorize.stateUnknown', msg: expect.stringMatching(/unknown or expired/) });
  });

  it('binds a direct-mode account after WeChat accepts its secret, never showing the secret', async () => {
    const user = await loggedInUser();
    const account = await sim.createAccount({ nickname: 'Direct One' });

    const res = await call('/apis/accounts/bindDirect', {
      token: user.token,
      form: { appid: account.appid, appsecret: account.secret, token: 'callbackToken1', nickname: 'Direct One' },
    });
    const me = await call('/apis/user/me', { token: user.token });

    expect(res.body).toEqual({ errcode: 0, msg: 'ok', account: { appid: account.appid, nickname: 'Direct One', mode: 'direct' } });
    expect(me.body.accounts).toEqual([{ appid: account.appid, nickname: 'Direct One', mode: 'direct' }]);
    expect(res.text + me.text).not.toContain(account.secret);
    expect((await sim.calls(account.appid))['cgi-bin/stable_token']).toBe(1);
  });

  it('binds the demo account with the command `npm start` prints', async () => {
    const user = await loggedInUser();
    const printed = readFileSync(new URL('../../bin/local.ts', import.meta.url), 'utf8').match(/bindDirect\?access_token=TOKEN" (-d .*)$/m)![1]!;
    const form = Object.fromEntries([...printed.matchAll(/-d (\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));

    const res = await call('/apis/accounts/bindDirect', { token: user.token, form });

    expect(form['appid']).toBe(demoAccounts[0]!.appid);
    expect(res.body).toMatchObject({ errcode: 0, account: { appid: demoAccounts[0]!.appid, mode: 'direct' } });
  });

  it.each([
    ['a wrong secret', 'appsecret', (a: { appid: string }) => ({ appid: a.appid, appsecret: 'f'.repeat(32) }), 40125, 'invalid appsecret'],
    ['an appid WeChat does not know', 'appid', () => ({ appid: `wx${'0'.repeat(16)}`, appsecret: 'f'.repeat(32) }), 40013, 'invalid appid'],
  ])('answers %s with 40000 naming the field and WeChat’s errcode, and stores nothing', async (_case, field, credentials, wxerrcode, wxerrmsg) => {
    const user = await loggedInUser();
    const account = await sim.createAccount();
    const { appid, appsecret } = credentials(account);

    const res = await call('/apis/accounts/bindDirect', { token: user.token, form: { appid, appsecret, token: 'callbackToken1' } });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errcode: 40000, wxerrcode, wxerrmsg });
    expect(res.body['field']).toBe(field);
    expect(await getItem(`ACCOUNT#${appid}`, 'ACCOUNT')).toBeUndefined();
    expect(await getItem(`TOKEN#direct#${appid}`, 'TOKEN')).toBeUndefined();
  });

  it('refreshes the component token once for 50 concurrent requests that find it expired', async () => {
    // Prepare: WeChat considers the component token dead; ours does not know yet
    const user = await loggedInUser();
    await sim.expire({ component: true });
    const before = await sim.calls(demoComponent.appid);

    // Act
    const answers = await Promise.all(Array.from({ length: 50 }, () => call('/apis/component/authUrl', { token: user.token })));
    const after = await sim.calls(demoComponent.appid);

    // Assess
    expect(answers.map((a) => a.body.errcode)).toEqual(Array(50).fill(0));
    const delta = (path: string) => (after[path] ?? 0) - (before[path] ?? 0);
    expect(delta('cgi-bin/component/api_component_token')).toBe(1);
  });

  it('on an injected 40001 refreshes once and retries once; injected always, fails after two calls', async () => {
    const user = await loggedInUser();
    const path = 'cgi-bin/component/api_create_preauthcode';
    const tokenPath = 'cgi-bin/component/api_component_token';

    await sim.fault({ path, errcode: 40001, times: 1 });
    const before = await sim.calls(demoComponent.appid);
    const once = await call('/apis/component/authUrl', { token: user.token });
    const middle = await sim.calls(demoComponent.appid);
    await sim.fault({ path, errcode: 40001, times: -1 });
    const always = await call('/apis/component/authUrl', { token: user.token });
    const after = await sim.calls(demoComponent.appid);
    await sim.clearFaults();

    expect(once.body.errcode).toBe(0);
    expect((middle[path] ?? 0) - (before[path] ?? 0)).toBe(2);
    expect((middle[tokenPath] ?? 0) - (before[tokenPath] ?? 0)).toBe(1);
    expect(always.status).toBe(502);
    expect(always.body).toMatchObject({ errcode: 50200, wxerrcode: 40001 });
    expect((after[path] ?? 0) - (middle[path] ?? 0)).toBe(2);
  });
});

describe.sequential('the component event URL refuses forged and malformed pushes', () => {
  const unchangedTicket = async (act: () => Promise<{ status: number; body: any }>, errcode: number) => {
    const before = await ticketItem();
    const res = await act();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errcode).toBe(errcode);
    expect(await ticketItem()).toEqual(before);
  };

  it('refuses a push signed with the wrong token', async () => {
    const push = sealedPush({ InfoType: 'component_verify_ticket', ComponentVerifyTicket: 'ticket@@@forged', CreateTime: 9999999999 }, { token: 'wrong' });
    await unchangedTicket(() => pushToComponentUrl(push.query, push.body), 40300);
  });

  it('refuses a push encrypted for another appid', async () => {
    const push = sealedPush({ InfoType: 'component_verify_ticket', ComponentVerifyTicket: 'ticket@@@other', CreateTime: 9999999999 }, { appId: 'wxffffffffffffffff' });
    await unchangedTicket(() => pushToComponentUrl(push.query, push.body), 40000);
  });

  it('refuses a replayed push with an old timestamp', async () => {
    const push = sealedPush({ InfoType: 'component_verify_ticket', ComponentVerifyTicket: 'ticket@@@old', CreateTime: 9999999999 });
    const old = String(Number(push.query.timestamp) - 3600);
    const resigned = { ...push.query, timestamp: old };
    await unchangedTicket(() => pushToComponentUrl(resigned, push.body), 40300);
  });

  it('refuses a DOCTYPE, a 5 MB body and a body that is not XML', async () => {
    const push = sealedPush({ InfoType: 'component_verify_ticket', ComponentVerifyTicket: 'x', CreateTime: 1 });
    await unchangedTicket(
      () => pushToComponentUrl(push.query, `<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>`),
      40000,
    );
    await unchangedTicket(() => pushToComponentUrl(push.query, `<xml><Encrypt>${'A'.repeat(5 * 1024 * 1024)}</Encrypt></xml>`), 41300);
    await unchangedTicket(() => pushToComponentUrl(push.query, '{"not":"xml"}', 'application/json'), 40000);
  });
});
