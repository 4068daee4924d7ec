import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';

/** `npm start` as a user runs it (bin/local.ts under tsx), stopped and started again. */
const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'socialinzen-restart-'));
const children = new Set<ChildProcess>();
const startScript = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;

// The suite's own local stack sets these in the environment; a user's shell would not have them.
const cleanEnv = (port: number): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir };
  for (const key of ['PUBLIC_BASE_URL', 'MAIL_FROM', 'TABLE_NAME', 'BUCKET_NAME']) delete env[key];
  for (const key of Object.keys(env)) if (/^(AWS_ENDPOINT_URL|WECHAT_|COMPONENT_)/.test(key)) delete env[key];
  return env;
};

interface Running {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

const start = (port: number): Running => {
  // Its own process group: if the test fails midway, afterAll kills tsx, node and Java together.
  // package.json's start script as npm runs it. It starts node itself, tsx as a loader: tsx's CLI
  // would relay the signal and SIGKILL a child that does not acknowledge it within 30 ms, which on
  // a loaded machine left DynamoDB Local's JVM running after Ctrl-C.
  const [command, ...args] = startScript.split(' ');
  expect(command).toBe('node');
  const child = spawn(process.execPath, args, { cwd: root, env: cleanEnv(port), detached: true });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const waitFor = async (pattern: RegExp) => {
    // DynamoDB Local alone can take ~30 s to answer on a loaded machine.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const match = output.match(pattern);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, output: () => output, waitFor };
};

const stop = async ({ child }: Running) => {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
};

/** Processes whose command line names our data dir (DynamoDB Local's java runs with -dbPath in it). */
const leftovers = (): string[] =>
  execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));

afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const demoAppid = 'wx00000000000demo1';

const logInAt = async (base: string, form: { username: string; password: string }): Promise<string> => {
  const res = await fetch(`${base}/apis/user/login`, { method: 'POST', body: new URLSearchParams({ username: form.username, password: form.password }) });
  const body = (await res.json()) as { errcode: number; access_token: string };
  expect(body.errcode).toBe(0);
  return body.access_token;
};

const api = async (base: string, path: string, session: string, json: unknown): Promise<Record<string, any>> => {
  const res = await fetch(`${base}${path}?access_token=${session}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  return (await res.json()) as Record<string, any>;
};

const simCall = async (wechat: string, path: string, json: unknown): Promise<unknown> => {
  const res = await fetch(`${wechat}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  expect(res.status).toBe(200);
  return res.json();
};

/** What the owner's browser does: authUrl → WeChat's page → pick 街角咖啡 → our callback → the console's return page completes it. */
const authorizeDemoAccount = async (base: string, wechat: string, session: string): Promise<Record<string, any>> => {
  const start = (await (await fetch(`${base}/apis/component/authUrl?access_token=${session}`)).json()) as { authUrl: string };
  const page = await (await fetch(start.authUrl.replace(/#wechat_redirect$/, ''))).text();
  const link = page.match(new RegExp(`href="([^"]*authorizer_appid=${demoAppid}[^"]*)"`))?.[1]?.replaceAll('&amp;', '&');
  expect(link, page).toBeDefined();
  const picked = await fetch(new URL(link!, wechat), { redirect: 'manual' });
  const back = await fetch(picked.headers.get('location')!, { redirect: 'manual' });
  const params = new URLSearchParams(new URL(back.headers.get('location')!).hash.split('?')[1]);
  return api(base, '/apis/component/authComplete', session, { state: params.get('state'), auth_code: params.get('auth_code') });
};

describe('npm start', () => {
  it('keeps users and a WeChat-authorized account working across a restart, and leaves no process behind when stopped', async () => {
    // Prepare: first run, a verified user
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = start(port);
    await first.waitFor(/Press Ctrl-C/);
    const form = { username: 'restart_user', password: 'restart-pass-1', email: 'restart@example.com' };
    const registered = await fetch(`${base}/apis/user/register`, { method: 'POST', body: new URLSearchParams(form) });
    expect(((await registered.json()) as { errcode: number }).errcode).toBe(0);
    // The mail links to the console's page (#/verify?token=…), which calls the API with the token.
    const [, token] = await first.waitFor(/http:\/\/127\.0\.0\.1:\d+\/#\/verify\?token=([\w%-]+)/);
    expect(((await (await fetch(`${base}/apis/user/verify?token=${token}`)).json()) as { errcode: number }).errcode).toBe(0);
    // `/` is the web console (built by npm start itself); the API's reference is at /docs, from /openapi.json.
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('<div id="app">');
    const docs = await fetch(`${base}/openapi.json`);
    expect(await docs.text()).toContain('/apis/user/register');
    // Hostile requests (issue 11 item 6) do not take `npm start` down: a Host that is not a host.
    const badHost = await new Promise<string>((done, fail) => {
      let answer = '';
      const socket = connect(port, '127.0.0.1', () => socket.end('GET /apis/user/me HTTP/1.1\r\nHost: [bad\r\nConnection: close\r\n\r\n'));
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('close', () => done(answer));
      socket.on('error', fail);
    });
    expect(badHost).toMatch(/^HTTP\/1\.1 [34]\d\d /);
    expect((await fetch(`${base}/apis/user/me`)).status).toBe(401);
    // A demo official account authorized through the built-in WeChat (component mode), with a menu.
    const session = await logInAt(base, form);
    const wechat = (await first.waitFor(/WeChat:\s+(http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    expect(await authorizeDemoAccount(base, wechat, session)).toMatchObject({ errcode: 0, status: 'linked', appid: demoAppid });
    const created = await api(base, '/apis/menus/createMenu', session, { appid: demoAppid, button: [{ type: 'click', name: '重启之前', key: 'BEFORE' }] });
    expect(created.errcode).toBe(0);

    // Act: stop, check nothing is left, start again
    await stop(first);
    const afterFirst = leftovers();
    const second = start(port);
    await second.waitFor(/Press Ctrl-C/);
    const login = await fetch(`${base}/apis/user/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: form.username, password: form.password }),
    });
    // WeChat (the simulator) still knows the authorization: with the account's access token and the
    // platform's token made stale, our side renews both (component_access_token from the ticket,
    // then the authorizer token from the refresh token it stored before the restart; a simulator
    // that forgot it answered 61023 here), reads the menu, and a follower's message is answered.
    const wechatAgain = (await second.waitFor(/WeChat:\s+(http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    await simCall(wechatAgain, '/__sim/expire', { appid: demoAppid, component: true });
    const menuAfter = await api(base, '/apis/menus/getMenu', session, { appid: demoAppid });
    const followerAfter = (await simCall(wechatAgain, '/__sim/follower/send', { appid: demoAppid, message: { MsgType: 'text', Content: '你好' } })) as { attempts: { status: number; body: string }[] };
    const detailAfter = await fetch(`${base}/apis/accounts/detail?appid=${demoAppid}&access_token=${session}`).then((r) => r.json() as Promise<Record<string, any>>);
    await stop(second);

    // Assess
    expect(first.output()).toContain(`Browser and curl:  ${base}/`);
    expect(afterFirst).toEqual([]);
    expect(((await login.json()) as { errcode: number }).errcode).toBe(0);
    expect(menuAfter, JSON.stringify(menuAfter)).toMatchObject({ errcode: 0 });
    expect(JSON.stringify(menuAfter)).toContain('重启之前');
    // Accepted (a push sealed for another original ID, or with other keys, is answered 403/400).
    expect(followerAfter.attempts[0]).toMatchObject({ status: 200, body: 'success' });
    expect(detailAfter, JSON.stringify(detailAfter)).toMatchObject({ errcode: 0, account: { status: 'authorized', needsReauthorization: false } });
    expect(leftovers()).toEqual([]);
  }, 300_000);
});
