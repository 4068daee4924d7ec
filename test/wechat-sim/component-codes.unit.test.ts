import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';
import { openMessage } from '../../src/wechat/crypto';
import { parseWechatXml } from '../../src/wechat/xml';

/**
 * The simulator's third-party platform lifetimes, on a private instance with a clock the test
 * moves: the component_verify_ticket's 12 hours, the authorization code's 600 s and single use,
 * and api_start_push_ticket pushing a ticket to the component event URL.
 */
const component = { appid: 'wxc00000000000code', secret: 'd'.repeat(32), token: 'codeToken', aesKey: 'b'.repeat(43) };
let simulator: WechatSimulator;
let now = Date.now();
/** The component event URL: what WeChat pushed to it, decrypted. */
let eventServer: Server;
const pushed: Record<string, unknown>[] = [];

beforeAll(async () => {
  eventServer = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const envelope = parseWechatXml(Buffer.concat(chunks).toString('utf8'));
    const plain = openMessage({
      encrypt: String(envelope['Encrypt']),
      msgSignature: url.searchParams.get('msg_signature') ?? '',
      timestamp: url.searchParams.get('timestamp') ?? '',
      nonce: url.searchParams.get('nonce') ?? '',
      token: component.token,
      encodingAesKey: component.aesKey,
      appId: component.appid,
    });
    pushed.push(parseWechatXml(plain));
    res.end('success');
  });
  await new Promise<void>((resolve) => eventServer.listen(0, '127.0.0.1', resolve));
  const address = eventServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  simulator = await startWechatSimulator({ port: 0, component, now: () => now, componentEventUrl: `http://127.0.0.1:${port}/event` });
});
afterAll(async () => {
  await simulator.stop();
  await new Promise((resolve) => eventServer.close(resolve));
});

const post = async (path: string, body: unknown) =>
  (await fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;

const componentToken = (ticket: string) =>
  post('/cgi-bin/component/api_component_token', { component_appid: component.appid, component_appsecret: component.secret, component_verify_ticket: ticket });

const eventually = async <T>(probe: () => T | undefined): Promise<T> => {
  for (let i = 0; i < 100; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
};

describe('WeChat simulator: the third-party platform’s codes and tickets', () => {
  // Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html: "component_verify_ticket
  // 的有效时间为12小时"; ThirdParty/token/component_access_token.html lists 61005 "component ticket is expired".
  it('takes a component_verify_ticket for 12 hours, then refuses it with 61005; a made-up one with 61006', async () => {
    const { ticket } = await post('/__sim/component/push-ticket', {});

    now += (12 * 3600 - 60) * 1000;
    const late = await componentToken(ticket);
    now += 61 * 1000;
    const expired = await componentToken(ticket);
    const madeUp = await componentToken('ticket@@@made-up');

    expect(late).toMatchObject({ component_access_token: expect.any(String) });
    expect(expired).toMatchObject({ errcode: 61005, errmsg: 'component ticket is expired' });
    expect(madeUp).toMatchObject({ errcode: 61006 });
  });

  // Authorization_Process_Technical_Description.html: the code comes with expires_in=600;
  // authorization_info.html: api_query_auth; 61010 "code is expired", 61009 "code is invalid".
  it('takes an authorization code once within 600 s: 61010 when used again or late, 61009 when unknown', async () => {
    const { ticket } = await post('/__sim/component/push-ticket', {});
    const { component_access_token: cat } = await componentToken(ticket);
    const account = await post('/__sim/accounts', {});
    const query = (code: string) =>
      post(`/cgi-bin/component/api_query_auth?component_access_token=${cat}`, { component_appid: component.appid, authorization_code: code });
    const used = await post('/__sim/component/auth-code', { appid: account.appid });
    const late = await post('/__sim/component/auth-code', { appid: account.appid });
    const inTime = await post('/__sim/component/auth-code', { appid: account.appid });

    const first = await query(used.auth_code);
    const again = await query(used.auth_code);
    now += 599 * 1000;
    const justInTime = await query(inTime.auth_code);
    now += 2 * 1000;
    const tooLate = await query(late.auth_code);
    const unknown = await query('queryauthcode@@@made-up');

    expect(used.expires_in).toBe(600);
    expect(first.authorization_info).toMatchObject({ authorizer_appid: account.appid, authorizer_access_token: expect.any(String) });
    expect(again).toMatchObject({ errcode: 61010 });
    expect(justInTime.authorization_info).toMatchObject({ authorizer_appid: account.appid });
    expect(tooLate).toMatchObject({ errcode: 61010 });
    expect(unknown).toMatchObject({ errcode: 61009 });
  });

  // openApi/ticket-token/api_startpushticket.html: {component_appid, component_secret} → {errcode: 0,
  // errmsg: "ok"}; 40013 for an appid that is not the platform's.
  it('pushes a ticket to the component event URL on api_start_push_ticket, which the token call then takes', async () => {
    const before = pushed.length;

    const wrongAppid = await post('/cgi-bin/component/api_start_push_ticket', { component_appid: 'wxnope', component_secret: component.secret });
    const wrongSecret = await post('/cgi-bin/component/api_start_push_ticket', { component_appid: component.appid, component_secret: 'x' });
    const started = await post('/cgi-bin/component/api_start_push_ticket', { component_appid: component.appid, component_secret: component.secret });
    const push = await eventually(() => pushed[before]);
    const token = await componentToken(String(push['ComponentVerifyTicket']));

    expect(wrongAppid).toMatchObject({ errcode: 40013 });
    expect(wrongSecret).toMatchObject({ errcode: 40125 });
    expect(started).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(push).toMatchObject({ AppId: component.appid, InfoType: 'component_verify_ticket', ComponentVerifyTicket: expect.stringMatching(/^ticket@@@/) });
    expect(pushed).toHaveLength(before + 1);
    expect(token).toMatchObject({ component_access_token: expect.any(String) });
  });
});
