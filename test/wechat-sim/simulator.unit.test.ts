import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';

/** The simulator's own contract, on a private instance with a clock the test moves. */
const component = { appid: 'wxc000000000000sim', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
let simulator: WechatSimulator;
let now = Date.now();

beforeAll(async () => {
  simulator = await startWechatSimulator({ port: 0, component, now: () => now });
});
afterAll(() => simulator.stop());

const get = async (path: string) => (await fetch(`${simulator.url}${path}`)).json() as Promise<any>;
const post = async (path: string, body: unknown) =>
  (await fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;

describe('WeChat simulator', () => {
  it('issues access tokens that expire, answering 42001 after and 40001 for unknown ones', async () => {
    const account = await post('/__sim/accounts', {});
    const { access_token, expires_in } = await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);

    const alive = await get(`/cgi-bin/ticket/getticket?access_token=${access_token}&type=jsapi`);
    now += (expires_in + 1) * 1000;
    const dead = await get(`/cgi-bin/ticket/getticket?access_token=${access_token}&type=jsapi`);
    const unknown = await get('/cgi-bin/ticket/getticket?access_token=nope&type=jsapi');

    expect(expires_in).toBe(7200);
    expect(alive).toMatchObject({ errcode: 0, ticket: expect.any(String), expires_in: 7200 });
    expect(dead).toMatchObject({ errcode: 42001 });
    expect(unknown).toMatchObject({ errcode: 40001 });
  });

  it('answers 40013 for an unknown appid and 40125 for a wrong secret', async () => {
    const account = await post('/__sim/accounts', {});

    expect(await get(`/cgi-bin/token?grant_type=client_credential&appid=wxnope&secret=x`)).toMatchObject({ errcode: 40013 });
    expect(await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=x`)).toMatchObject({ errcode: 40125 });
  });

  it('keeps stable_token stable until forced', async () => {
    const account = await post('/__sim/accounts', {});
    const body = { grant_type: 'client_credential', appid: account.appid, secret: account.secret };

    const first = await post('/cgi-bin/stable_token', body);
    const again = await post('/cgi-bin/stable_token', body);
    const forced = await post('/cgi-bin/stable_token', { ...body, force_refresh: true });

    expect(again.access_token).toBe(first.access_token);
    expect(forced.access_token).not.toBe(first.access_token);
  });

  it('accepts only tickets it pushed for the component token', async () => {
    const pushed = await post('/__sim/component/push-ticket', {});
    const body = { component_appid: component.appid, component_appsecret: component.secret };

    const good = await post('/cgi-bin/component/api_component_token', { ...body, component_verify_ticket: pushed.ticket });
    const bad = await post('/cgi-bin/component/api_component_token', { ...body, component_verify_ticket: 'ticket@@@made-up' });

    expect(pushed.status).toBe(0); // no event URL configured: nothing was delivered
    expect(good).toMatchObject({ component_access_token: expect.any(String), expires_in: 7200 });
    expect(bad).toMatchObject({ errcode: 61006 });
  });

  it('hands out single-use authorization codes through its page, then refuses a reused one', async () => {
    const pushed = await post('/__sim/component/push-ticket', {});
    const { component_access_token: cat } = await post('/cgi-bin/component/api_component_token', {
      component_appid: component.appid,
      component_appsecret: component.secret,
      component_verify_ticket: pushed.ticket,
    });
    const account = await post('/__sim/accounts', {});
    const { pre_auth_code } = await post(`/cgi-bin/component/api_create_preauthcode?component_access_token=${cat}`, {
      component_appid: component.appid,
    });
    const authorize = await fetch(
      `${simulator.url}/cgi-bin/componentloginpage/authorize?${new URLSearchParams({ pre_auth_code, authorizer_appid: account.appid, redirect_uri: 'https://example.com/back?x=1' })}`,
      { redirect: 'manual' },
    );
    const location = new URL(authorize.headers.get('location')!);
    const code = location.searchParams.get('auth_code')!;
    const query = (c: string) =>
      post(`/cgi-bin/component/api_query_auth?component_access_token=${cat}`, { component_appid: component.appid, authorization_code: c });

    const first = await query(code);
    const second = await query(code);
    const reusedPage = await fetch(`${simulator.url}/cgi-bin/componentloginpage/authorize?pre_auth_code=${encodeURIComponent(pre_auth_code)}&authorizer_appid=${account.appid}&redirect_uri=https%3A%2F%2Fexample.com`);

    expect(location.searchParams.get('x')).toBe('1');
    // Authorization_Process_Technical_Description.html: "redirect_url?auth_code=xxx&expires_in=600"
    expect(location.searchParams.get('expires_in')).toBe('600');
    expect(first.authorization_info).toMatchObject({ authorizer_appid: account.appid, authorizer_refresh_token: expect.stringMatching(/^refreshtoken@@@/) });
    expect(second).toMatchObject({ errcode: 61010 });
    expect(reusedPage.status).toBe(400);
  });

  it('counts calls per appid and plays faults once, always, or after a delay', async () => {
    const account = await post('/__sim/accounts', {});
    const url = `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`;
    await post('/__sim/faults', { path: 'cgi-bin/token', appid: account.appid, errcode: 45009, times: 1 });

    const failed = await get(url);
    const worked = await get(url);
    await post('/__sim/faults', { path: 'cgi-bin/token', appid: account.appid, delayMs: 150 });
    const started = Date.now();
    await get(url);
    const delayed = Date.now() - started;

    expect(failed).toMatchObject({ errcode: 45009 });
    expect(worked).toMatchObject({ access_token: expect.any(String) });
    expect(delayed).toBeGreaterThanOrEqual(140);
    expect(await get(`/__sim/calls?appid=${account.appid}`)).toEqual({ 'cgi-bin/token': 3 });
  });

  it("answers get_material as WeChat does: an image's file, a video's and a news material's JSON, 40007 for an unknown id", async () => {
    // Prepare: an image and a video added through add_material, a news material seeded
    const account = await post('/__sim/accounts', {});
    const { access_token } = await get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(500)]);
    const add = async (type: string, file: Buffer, filename: string, description?: object) => {
      const form = new FormData();
      form.append('media', new Blob([file]), filename);
      if (description) form.append('description', JSON.stringify(description));
      return (await (await fetch(`${simulator.url}/cgi-bin/material/add_material?access_token=${access_token}&type=${type}`, { method: 'POST', body: form })).json()) as { media_id: string };
    };
    const image = await add('image', png, '门店.png');
    const video = await add('video', mp4, 'clip.mp4', { title: 'Clip', introduction: 'Hi' });
    const news = await post('/__sim/materials', { appid: account.appid, type: 'news' });
    const getMaterial = (media_id: string) =>
      fetch(`${simulator.url}/cgi-bin/material/get_material?access_token=${access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ media_id }) });

    // Act
    const file = await getMaterial(image.media_id);
    const bytes = Buffer.from(await file.arrayBuffer());
    const videoAnswer = (await (await getMaterial(video.media_id)).json()) as { down_url: string };
    const newsAnswer = await (await getMaterial(news.media_id)).json();
    const unknown = await (await getMaterial('nope')).json();

    // Assess
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${image.media_id}.png"`);
    expect(bytes.equals(png)).toBe(true);
    expect(videoAnswer).toEqual({ title: 'Clip', description: 'Hi', down_url: expect.stringContaining('/__sim/materials/download?') });
    expect(Buffer.from(await (await fetch(videoAnswer.down_url)).arrayBuffer()).equals(mp4)).toBe(true);
    expect(newsAnswer).toMatchObject({ news_item: [expect.objectContaining({ title: expect.any(String), thumb_media_id: expect.any(String) })] });
    expect(unknown).toEqual({ errcode: 40007, errmsg: 'invalid media_id' });
  });
});
