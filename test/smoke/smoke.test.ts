import { execFile } from 'node:child_process';
import { listMembershipsOfUser } from '../../src/core/data/organizations';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { removeUser, stagedSize } from '../../bin/smoke/operator';
import { runSmoke, type SmokeOptions, type SmokeResult } from '../../bin/smoke/run';
import { accountKey } from '../../src/core/data/accounts';
import { listUserSessions } from '../../src/core/data/sessions';
import { emailKey, userKey, usernameKey } from '../../src/users/data/users';
import { tokenKey } from '../../src/wechat/data/tokens';
import { testDb } from '../support/dynamo';
import { consoleOrigin } from '../support/global-setup';
import { sim } from '../support/wechat-sim';

/**
 * The post-deploy smoke test (bin/smoke.ts) against the suite's local stack: every step passes and
 * nothing it made is left; against a target that strips the security headers, or with the wrong
 * table, it reports ✗ and the command exits non-zero.
 */
const run = promisify(execFile);

const storage = () => ({ table: inject('tableName'), bucket: inject('bucketName') });

const optionsFor = async (api = inject('baseUrl')): Promise<SmokeOptions> => {
  const account = await sim.createAccount();
  return {
    api,
    console: api,
    consoleOrigin,
    ...storage(),
    account: { appid: account.appid, secret: account.secret, token: account.token, aesKey: account.aesKey },
  };
};

const cliArgs = (options: SmokeOptions): string[] => [
  '--api', options.api,
  '--console', options.console,
  '--console-origin', consoleOrigin,
  '--table', options.table,
  '--bucket', options.bucket!,
  '--dynamodb-endpoint', inject('dynamoEndpoint'),
  '--s3-endpoint', inject('s3Endpoint'),
  '--account', [options.account!.appid, options.account!.secret, options.account!.token, options.account!.aesKey].join(','),
];

/** The CLI as an operator runs it: `npm run smoke -- …`, its exit code and output. */
const smokeCli = async (args: string[]): Promise<{ code: number; output: string }> => {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'smoke', '--', ...args], { env: process.env, timeout: 180_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
};

const expectNothingLeft = async (result: SmokeResult) => {
  const db = testDb();
  const table = inject('tableName');
  const get = async (key: { pk: string; sk: string }) => (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  expect(result.made.users).toHaveLength(2);
  for (const user of result.made.users) {
    expect(await get(userKey(user.id!))).toBeUndefined();
    expect(await get(usernameKey(user.username))).toBeUndefined();
    expect(await get(emailKey(user.email))).toBeUndefined();
    expect(await listUserSessions(user.id!)).toEqual([]);
    // The organization made at registration, and every membership of the user, are gone too.
    expect(await listMembershipsOfUser(user.id!)).toEqual([]);
  }
  const appid = result.made.appid!;
  expect(await get(accountKey(appid))).toBeUndefined();
  expect(await get(tokenKey({ kind: 'direct', appid }))).toBeUndefined();
  const rules = await db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `RULES#${appid}` } }));
  expect(rules.Items).toEqual([]);
  expect(await stagedSize(storage(), result.made.stagedKey!)).toBeUndefined();
};

/**
 * A misconfigured gateway in front of the stack: it drops the browsers' security headers from every
 * answer and allows any origin where the API allowed none.
 */
const startHeaderStripper = async (target: string): Promise<Server> => {
  const stripped = new Set(['content-security-policy', 'x-frame-options', 'x-content-type-options', 'strict-transport-security']);
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !stripped.has(name)));
      headers['access-control-allow-origin'] ??= '*';
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};

describe('the post-deploy smoke test against the local stack', () => {
  let stripper: Server;
  beforeAll(async () => {
    stripper = await startHeaderStripper(inject('baseUrl'));
  });
  afterAll(async () => {
    stripper.closeAllConnections();
    await new Promise((resolve) => stripper.close(resolve));
  });

  it('passes every step (register, operator verify, login, headers, CORS, bind, rules, staging upload, tenant isolation) and removes what it made', async () => {
    const lines: string[] = [];
    const result = await runSmoke(await optionsFor(), (line) => lines.push(line));
    const report = lines.join('\n');
    expect(result.steps.filter((s) => s.status !== 'pass'), report).toEqual([]);
    expect(result.ok).toBe(true);
    const names = result.steps.map((s) => s.name).join('\n');
    for (const step of [
      'console page: CSP',
      'register tenant A',
      "verify tenant A with the operator's credentials",
      'log in tenant A',
      'API answer: nosniff',
      'CORS: a foreign origin',
      `CORS: the console origin (${consoleOrigin}) is allowed`,
      'bind the test account',
      'add a rule',
      'list rules',
      'upload through /staging/*',
      'log in tenant B',
      "tenant B is refused tenant A's account",
      'clean up: delete the rule',
      'clean up: unbind the test account',
      'clean up: delete the staged upload',
      'clean up: remove user',
    ]) {
      expect(names).toContain(step);
    }
    // Five cross-tenant attempts, each refused with SPEC §3's codes.
    expect(result.steps.find((s) => s.name.startsWith('tenant B is refused'))!.detail).toMatch(/^(40300|40400)(, (40300|40400)){3}$/);
    // Each line says ✓ and how long the step took.
    expect(lines.filter((l) => l.startsWith('✓')).length).toBe(result.steps.length);
    expect(report).toMatch(/✓ log in tenant A \(\d+ ms\)/);
    await expectNothingLeft(result);
  }, 180_000);

  it('runs as `npm run smoke` and exits 0 when every step passes', async () => {
    const { code, output } = await smokeCli(cliArgs(await optionsFor()));
    expect(output).toContain('✓ smoke passed');
    expect(output).not.toContain('✗');
    expect(code, output).toBe(0);
  }, 180_000);

  it('reports ✗ for missing security headers and a CORS wildcard behind a misconfigured gateway, and still cleans up', async () => {
    const { port } = stripper.address() as AddressInfo;
    const result = await runSmoke(await optionsFor(`http://127.0.0.1:${port}`), () => undefined);
    expect(result.ok).toBe(false);
    const failed = result.steps.filter((s) => s.status === 'fail');
    expect(failed.map((s) => s.name)).toEqual([
      'console page: CSP, HSTS, nosniff, frame options',
      'API answer: nosniff, frame options, CSP frame-ancestors, HSTS',
      'CORS: a foreign origin (https://smoke-foreign-origin.invalid) gets no permission',
    ]);
    expect(failed[0]!.detail).toContain('no Content-Security-Policy');
    expect(failed[1]!.detail).toContain('X-Content-Type-Options is not nosniff');
    expect(failed[2]!.detail).toContain('Access-Control-Allow-Origin: *');
    await expectNothingLeft(result);
  }, 180_000);

  it('exits non-zero with ✗ when the operator names the wrong table', async () => {
    const options = await optionsFor();
    const args = cliArgs(options).map((a) => (a === options.table ? 'no-such-table' : a));
    const { code, output } = await smokeCli(args);
    expect(code, output).toBe(1);
    expect(output).toMatch(/✗ verify tenant A with the operator's credentials \(table no-such-table\)/);
    expect(output).toContain('✗ smoke FAILED');
    // The user it registered is in the real table; the operator removes it with the right one.
    const username = /register tenant A \((smoke_[0-9a-f]+a)\)/.exec(output)?.[1];
    expect(username, output).toBeDefined();
    expect(await removeUser(storage(), username!)).toBe(true);
  }, 180_000);
});
