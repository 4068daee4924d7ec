import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWechatSimulator } from '../../local/wechat-sim';

/**
 * The simulator started over the same state file (as `npm start` does with its data folder) is the
 * same WeChat: what it issued and what its accounts hold is still there (issue 23 item 8).
 */
const component = { appid: 'wxc000000000000sim', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
const dir = mkdtempSync(join(tmpdir(), 'wechat-sim-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const client = (url: string) => ({
  get: async (path: string) => (await fetch(`${url}${path}`)).json() as Promise<any>,
  post: async (path: string, body: unknown) =>
    (await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>,
});

describe('WeChat simulator state across a restart', () => {
  it('keeps accounts, issued tokens, tickets, followers, menus and materials when started again over its state file', async () => {
    // Prepare: a first run issues a token, a ticket, adds followers, a menu and a material
    const stateFile = join(dir, 'run', 'wechat-sim.json');
    const first = await startWechatSimulator({ port: 0, component, stateFile });
    const a = client(first.url);
    const account = await a.post('/__sim/accounts', {});
    const { access_token } = await a.get(`/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);
    const { ticket } = await a.post('/__sim/component/push-ticket', {});
    const { openids } = await a.post('/__sim/followers', { appid: account.appid, count: 3 });
    expect(await a.post(`/cgi-bin/menu/create?access_token=${access_token}`, { button: [{ type: 'click', name: '菜单', key: 'K' }] })).toMatchObject({ errcode: 0 });
    const material = await a.post('/__sim/materials', { appid: account.appid, type: 'image' });
    await first.stop();

    // Act: a second simulator over the same file
    const second = await startWechatSimulator({ port: 0, component, stateFile });
    const b = client(second.url);
    const sameToken = await b.get(`/cgi-bin/ticket/getticket?access_token=${access_token}&type=jsapi`);
    const componentToken = await b.post('/cgi-bin/component/api_component_token', {
      component_appid: component.appid,
      component_appsecret: component.secret,
      component_verify_ticket: ticket,
    });
    const followers = await b.get(`/__sim/followers?appid=${account.appid}`);
    const menu = await b.get(`/cgi-bin/menu/get?access_token=${access_token}`);
    const materials = await b.get(`/__sim/materials?appid=${account.appid}`);
    const accounts = await b.get(`/__sim/accounts?appid=${account.appid}`);
    await second.stop();

    // Assess
    expect(sameToken).toMatchObject({ errcode: 0 });
    expect(componentToken).toMatchObject({ component_access_token: expect.any(String) });
    expect(followers.followers.map((f: { openid: string }) => f.openid)).toEqual(openids);
    expect(menu.menu.button[0]).toMatchObject({ name: '菜单', key: 'K' });
    expect(JSON.stringify(materials)).toContain(material.media_id);
    expect(JSON.stringify(accounts)).toContain(account.username);
  });

  it('starts as a new WeChat, keeping the damaged state file aside, when it cannot read it', async () => {
    const stateFile = join(dir, 'damaged.json');
    writeFileSync(stateFile, '{"state": {"accounts": ');

    const simulator = await startWechatSimulator({ port: 0, component, stateFile });
    const account = await client(simulator.url).post('/__sim/accounts', {});
    await simulator.stop();

    expect(account.appid).toMatch(/^wx/);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).state.accounts).toBeDefined();
    expect(readdirSync(dir).filter((f) => f.startsWith('damaged.json.damaged-'))).toHaveLength(1);
  });
});
