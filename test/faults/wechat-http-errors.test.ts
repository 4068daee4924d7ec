import { describe, expect, inject, it } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { armWechatHttpFault, itemsOf, objectsUnder, wechatFaultsLeft } from '../support/faults';
import { call, type ApiResponse } from '../support/http';
import { putInboxMessage } from '../support/inbox';
import { multipartBody, sampleFile } from '../support/media';
import { sim } from '../support/wechat-sim';

/**
 * WeChat's front end answering an HTTP 5xx (a gateway's HTML page, an empty body, or JSON) instead
 * of its `{errcode, errmsg}`, injected through the simulator on each kind of route that calls
 * WeChat. The platform answers as for WeChat's own -1 "system busy" and a timeout (WxJava and
 * wechatpy raise the same client error for a non-2xx as for a transport failure): 502
 * `{errcode: 50200, wxerrcode: -1}` naming the HTTP status, never a 500 or a stack; nothing is left
 * half-written; and the client's retry succeeds once WeChat is back.
 */
const as = (owner: UserWithAccount, path: string, json: Record<string, unknown> = {}) =>
  call(path, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

const expectWechatDown = (res: ApiResponse, status: number) => {
  expect(res.status, res.text).toBe(502);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ errcode: 50200, wxerrcode: -1 });
  expect(res.body.msg).toContain(`HTTP ${status}`);
  // WeChat's page is not passed on, nor any trace of ours.
  expect(res.text).not.toMatch(/<html|stgw|\n\s+at /i);
};

const gatewayPage = (status: number) => ({ status });
const emptyBody = (status: number) => ({ status, body: '', contentType: 'text/plain' });
const jsonBody = (status: number) => ({ status, body: '{"errcode":-1,"errmsg":"system error"}' });

describe('WeChat answering HTTP 5xx', () => {
  it('token refresh (direct mode, stable_token 502 page): 50200, and the retry gets a new token', async () => {
    // Prepare: WeChat dropped the account's token, so the next call must renew it
    const owner = await userWithDirectAccount();
    await as(owner, '/apis/wxplatform/getGroups');
    await sim.expire({ appid: owner.account.appid });
    await armWechatHttpFault({ path: 'cgi-bin/stable_token', appid: owner.account.appid, ...gatewayPage(502) });

    // Act
    const down = await as(owner, '/apis/wxplatform/getGroups');
    const faultsLeft = await wechatFaultsLeft(owner.account.appid);
    const retry = await as(owner, '/apis/wxplatform/getGroups');

    // Assess
    expectWechatDown(down, 502);
    expect(faultsLeft).toBe(0);
    expect(retry.body, retry.text).toMatchObject({ errcode: 0 });
    expect((await sim.tokens(owner.account.appid)).access_token).toEqual(expect.any(String));
  });

  it('token refresh (third-party mode, api_authorizer_token 503 page): 50200, and the retry refreshes', async () => {
    const owner = await userWithComponentAccount();
    await as(owner, '/apis/wxplatform/getGroups');
    await sim.expire({ appid: owner.account.appid });
    await armWechatHttpFault({ path: 'cgi-bin/component/api_authorizer_token', appid: owner.account.appid, ...gatewayPage(503) });

    const down = await as(owner, '/apis/wxplatform/getGroups');
    const retry = await as(owner, '/apis/wxplatform/getGroups');
    const detail = await call('/apis/accounts/detail', { token: owner.user.token, query: { appid: owner.account.appid } });

    expectWechatDown(down, 503);
    // The retry could refresh only with the refresh token WeChat gave at authorization: it was kept.
    expect(retry.body, retry.text).toMatchObject({ errcode: 0 });
    expect(detail.body, detail.text).toMatchObject({ errcode: 0 });
    expect(JSON.stringify(detail.body)).not.toMatch(/revoked/i);
  });

  it('QR code (500 with a JSON body): 50200, and the retry gets the ticket', async () => {
    const owner = await userWithDirectAccount();
    await armWechatHttpFault({ path: 'cgi-bin/qrcode/create', appid: owner.account.appid, ...jsonBody(500) });

    const down = await as(owner, '/apis/wxplatform/qrcode', { sceneId: '42', expire: '600' });
    const retry = await as(owner, '/apis/wxplatform/qrcode', { sceneId: '42', expire: '600' });

    expectWechatDown(down, 500);
    expect(retry.body).toMatchObject({ errcode: 0, ticket: expect.any(String) });
  });

  it('material upload (add_material 502 page): 50200, no record, no staged object, nothing at WeChat; the retry uploads once', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    await armWechatHttpFault({ path: 'cgi-bin/material/add_material', appid, ...gatewayPage(502) });
    const { body, contentType } = multipartBody([
      { name: 'appid', value: appid },
      { name: 'type', value: 'image' },
      { name: 'file', value: sampleFile.png(30_000), filename: 'a.png', type: 'image/png' },
    ]);

    // Act
    const down = await call('/apis/materials/uploadMaterial', { raw: body, contentType, token: owner.user.token });
    const recordsAfterFailure = await itemsOf(`MATERIALS#${appid}`);
    const stagedAfterFailure = await objectsUnder(`staging/${owner.user.id}/`);
    const atWechatAfterFailure = (await sim.materials(appid)).materials;
    const retry = await call('/apis/materials/uploadMaterial', { raw: body, contentType, token: owner.user.token });

    // Assess
    expectWechatDown(down, 502);
    expect(recordsAfterFailure).toEqual([]);
    expect(stagedAfterFailure).toEqual([]);
    expect(atWechatAfterFailure).toEqual([]);
    expect(retry.body, retry.text).toMatchObject({ errcode: 0, mediaId: expect.any(String) });
    expect((await itemsOf(`MATERIALS#${appid}`)).map((r) => r['mediaId'])).toEqual([retry.body.mediaId]);
    expect((await sim.materials(appid)).materials).toHaveLength(1);
    expect(await objectsUnder(`staging/${owner.user.id}/`)).toEqual([]);
  });

  it('groups (tags/create 503 with an empty body): 50200, no group, and the retry creates exactly one', async () => {
    const owner = await userWithDirectAccount();
    await armWechatHttpFault({ path: 'cgi-bin/tags/create', appid: owner.account.appid, ...emptyBody(503) });

    const down = await as(owner, '/apis/wxplatform/createGroup', { groupName: 'VIP' });
    const groupsAfterFailure = await as(owner, '/apis/wxplatform/getGroups');
    const retry = await as(owner, '/apis/wxplatform/createGroup', { groupName: 'VIP' });
    const groups = await as(owner, '/apis/wxplatform/getGroups');

    expectWechatDown(down, 503);
    expect(JSON.stringify(groupsAfterFailure.body)).not.toContain('"VIP"');
    expect(retry.body).toMatchObject({ errcode: 0 });
    expect(JSON.stringify(groups.body).match(/"VIP"/g)).toHaveLength(1);
  });

  it('menus (menu/create 500 page): 50200, no menu, and the retry publishes it', async () => {
    const owner = await userWithDirectAccount();
    const button = [{ type: 'click', name: 'Today', key: 'TODAY' }];
    await armWechatHttpFault({ path: 'cgi-bin/menu/create', appid: owner.account.appid, ...gatewayPage(500) });

    const down = await as(owner, '/apis/menus/createMenu', { button });
    const afterFailure = await as(owner, '/apis/menus/getMenu');
    const retry = await as(owner, '/apis/menus/createMenu', { button });
    const menu = await as(owner, '/apis/menus/getMenu');

    expectWechatDown(down, 500);
    expect(afterFailure.body).toMatchObject({ errcode: 0, menu: null });
    expect(retry.body).toMatchObject({ errcode: 0 });
    expect(menu.body).toMatchObject({ errcode: 0, menu: { button } });
  });

  it('customer-service reply (custom/send 502 page): 50200, nothing sent or threaded, and the retry sends it once', async () => {
    // Prepare: a follower wrote an hour ago (the 48-hour window is open)
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const openid = `oHostile${Date.now()}`;
    const asked = await putInboxMessage(appid, { openid, msgType: 'text', content: '在吗?', createTime: Math.floor(Date.now() / 1000) - 3600 });
    await sim.interaction(appid, openid, asked.createTime);
    await armWechatHttpFault({ path: 'cgi-bin/message/custom/send', appid, ...gatewayPage(502) });

    // Act
    const down = await as(owner, '/apis/inbox/reply', { openid, type: 'text', content: '在的' });
    const threadAfterFailure = await as(owner, '/apis/inbox/getConversation', { openid });
    const receivedAfterFailure = (await sim.received(appid, openid)).messages;
    const retry = await as(owner, '/apis/inbox/reply', { openid, type: 'text', content: '在的' });

    // Assess
    expectWechatDown(down, 502);
    expect(threadAfterFailure.body.messages.map((m: any) => m.direction)).toEqual(['in']);
    expect(receivedAfterFailure).toEqual([]);
    expect(retry.body, retry.text).toMatchObject({ errcode: 0, message: { direction: 'out', content: '在的' } });
    expect((await sim.received(appid, openid)).messages).toHaveLength(1);
  });

  it("a follower's media (media/get 503 page): 50200 as JSON, and the retry relays the bytes", async () => {
    const owner = await userWithDirectAccount();
    const appid = owner.account.appid;
    const { media_id } = await sim.issueMedia(appid, 'image', 3000);
    const pic = await putInboxMessage(appid, { openid: `oHostilePic${Date.now()}`, msgType: 'image', mediaId: media_id });
    await armWechatHttpFault({ path: 'cgi-bin/media/get', appid, ...gatewayPage(503) });
    const media = () => call(`/apis/inbox/media?appid=${appid}&id=${encodeURIComponent(pic.id)}`, { token: owner.user.token });

    const down = await media();
    const retry = await media();

    expectWechatDown(down, 503);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('content-type')).toMatch(/^image\//);
  });

  it('the simulator answers the armed status and body as WeChat\'s gateway would', async () => {
    // The fault itself, seen from outside: status, HTML page, then WeChat again.
    const owner = await userWithDirectAccount();
    await as(owner, '/apis/wxplatform/getGroups');
    const { access_token } = await sim.tokens(owner.account.appid);
    await armWechatHttpFault({ path: 'cgi-bin/tags/get', appid: owner.account.appid, ...gatewayPage(502) });
    const tagsGet = () => fetch(`${inject('wechatBase')}/cgi-bin/tags/get?access_token=${access_token}`);

    const down = await tagsGet();
    const downText = await down.text();
    const back = await tagsGet();

    expect(down.status).toBe(502);
    expect(down.headers.get('content-type')).toMatch(/^text\/html/);
    expect(downText).toContain('<title>502 Bad Gateway</title>');
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ tags: expect.any(Array) });
  });
});
