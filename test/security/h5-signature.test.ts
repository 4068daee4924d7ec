import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalString, signHandOff } from '../../src/platform/h5-signature';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { scanAll } from '../support/dynamo';
import { call } from '../support/http';
import { sim } from '../support/wechat-sim';

/**
 * Issue 22 item 4: the hand-off from web OAuth to a customer's H5 page is signed (docs/h5-signature.md).
 * The Node and Java verifiers are taken verbatim from the docs' fenced blocks, and the published
 * test vectors are checked against them and against our own signer, so the docs cannot drift.
 */
const docs = readFileSync(new URL('../../docs/h5-signature.md', import.meta.url), 'utf8');

/** The first fenced block after the HTML comment that starts with `marker`. */
const blockAfter = (marker: string): string => {
  const at = docs.indexOf(`<!-- ${marker}`);
  if (at < 0) throw new Error(`docs/h5-signature.md has no <!-- ${marker} --> marker`);
  const fence = /```[a-z]*\n([\s\S]*?)\n```/.exec(docs.slice(at));
  if (!fence) throw new Error(`no fenced block after ${marker}`);
  return fence[1]!;
};

interface Vector {
  name: string;
  appid: string;
  secrets: string[];
  now: number;
  query: Record<string, string>;
  canonical?: string;
  valid: boolean;
}
const vectors = JSON.parse(blockAfter('test-vectors')) as Vector[];

const work = mkdtempSync(join(tmpdir(), 'h5-snippets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Verify = (query: Record<string, string>, appid: string, secrets: string[], now?: number) => Record<string, unknown> | null;
const nodeSnippet = (): Verify => {
  const file = join(work, 'verify-h5-handoff.cjs');
  writeFileSync(file, blockAfter('snippet: node'));
  return (createRequire(import.meta.url)(file) as { verifyHandOff: Verify }).verifyHandOff;
};

const as = (owner: UserWithAccount, path: string, form: Record<string, string> = {}) =>
  call(path, { token: owner.user.token, form: { appid: owner.account.appid, ...form } });
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

/** Web OAuth through the simulator, on to the customer's page: the landing URL we redirect to. */
const handOff = async (owner: UserWithAccount, scope = 'snsapi_base'): Promise<URL> => {
  const start = await call('/wxplatform/webauth', { query: { appid: owner.account.appid, scope, redirect: 'https://h5.shop.example.com/landing?from=menu' } });
  expect(start.status, start.text).toBe(302);
  const back = (await fetch(start.headers.get('location')!, { redirect: 'manual' })).headers.get('location')!;
  const landing = await call(pathOf(back));
  expect(landing.status, landing.text).toBe(302);
  return new URL(landing.headers.get('location')!);
};

const ownerWithH5Domain = async (): Promise<UserWithAccount> => {
  const owner = await userWithDirectAccount();
  await sim.addFollowers(owner.account.appid, 1);
  expect((await as(owner, '/apis/accounts/updateSettings', { domains: 'shop.example.com' })).body.errcode).toBe(0);
  return owner;
};

const secretsOf = async (owner: UserWithAccount): Promise<string[]> => {
  const res = await call('/apis/wxplatform/h5Secrets', { token: owner.user.token, query: { appid: owner.account.appid } });
  expect(res.body, res.text).toMatchObject({ errcode: 0, current: { secret: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  return [res.body.current.secret, ...(res.body.previous ? [res.body.previous.secret] : [])];
};

describe('the published test vectors', () => {
  it('are what our own signer makes, canonical string and signature', () => {
    for (const v of vectors.filter((v) => v.canonical)) {
      const { signature, expires, nonce, ...identity } = v.query;
      const signed = signHandOff(v.appid, v.secrets.at(-1)!, { openid: identity['openid']!, ...identity }, Number(expires) - 300, nonce);
      expect(canonicalString(v.appid, { ...signed }), v.name).toBe(v.canonical);
      if (v.valid) expect(signed.signature, v.name).toBe(signature);
    }
  });

  it('are answered right by the Node snippet exactly as the docs print it', () => {
    const verify = nodeSnippet();
    for (const v of vectors) {
      const identity = verify(v.query, v.appid, v.secrets, v.now);
      if (v.valid) expect(identity, v.name).toMatchObject({ openid: v.query['openid'], nonce: v.query['nonce'] });
      else expect(identity, v.name).toBeNull();
    }
  });

  it('are answered right by the Java snippet exactly as the docs print it', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(work, 'java-'));
    writeFileSync(join(dir, 'H5HandOff.java'), blockAfter('snippet: java'));
    const cases = vectors.map((v) => [v.appid, v.secrets.join(','), String(v.now), ...Object.entries(v.query).map(([k, val]) => `${k}=${val}`)].join('\t'));
    writeFileSync(join(dir, 'cases.txt'), `${cases.join('\n')}\n`);
    writeFileSync(
      join(dir, 'Vectors.java'),
      `import java.nio.file.*; import java.util.*;
public class Vectors { public static void main(String[] a) throws Exception {
  for (String line : Files.readAllLines(Path.of(a[0]))) { if (line.isEmpty()) continue; String[] f = line.split("\\t");
    Map<String, String> q = new HashMap<>(); for (int i = 3; i < f.length; i++) { int e = f[i].indexOf('='); q.put(f[i].substring(0, e), f[i].substring(e + 1)); }
    System.out.println(H5HandOff.verify(q, f[0], List.of(f[1].split(",")), Long.parseLong(f[2]))); } } }`,
    );
    const run = promisify(execFile);
    await run('javac', ['-encoding', 'UTF-8', '-d', dir, join(dir, 'H5HandOff.java'), join(dir, 'Vectors.java')]);
    const { stdout } = await run('java', ['-Dfile.encoding=UTF-8', '-cp', dir, 'Vectors', join(dir, 'cases.txt')]);
    expect(stdout.trim().split('\n')).toEqual(vectors.map((v) => (v.valid ? v.query['openid'] : 'null')));
  });
});

describe('the hand-off from the local stack', () => {
  it('verifies with the Node snippet, and a forged openid or an expired hand-off is refused', async () => {
    const owner = await ownerWithH5Domain();
    const verify = nodeSnippet();

    const before = Math.floor(Date.now() / 1000);
    const landing = await handOff(owner);
    const after = Math.ceil(Date.now() / 1000);
    const query = Object.fromEntries(landing.searchParams);
    const secrets = await secretsOf(owner);

    expect(landing.host).toBe('h5.shop.example.com');
    expect(query['from']).toBe('menu');
    // 5 minutes from the server's clock, which read it between the two.
    expect(Number(query['expires'])).toBeGreaterThanOrEqual(before + 300);
    expect(Number(query['expires'])).toBeLessThanOrEqual(after + 300);
    expect(verify(query, owner.account.appid, secrets)).toMatchObject({ openid: query['openid'], nonce: query['nonce'] });
    expect(verify({ ...query, openid: 'oSomeoneElseSomeoneElse0000' }, owner.account.appid, secrets)).toBeNull();
    expect(verify({ ...query, expires: String(Number(query['expires']) + 3600) }, owner.account.appid, secrets)).toBeNull();
    expect(verify(query, owner.account.appid, secrets, Number(query['expires']) + 1)).toBeNull();
    expect(verify({ openid: query['openid']! }, owner.account.appid, secrets)).toBeNull();
  });

  it('signs userinfo too: a changed nickname breaks the signature', async () => {
    const owner = await ownerWithH5Domain();
    const verify = nodeSnippet();

    const query = Object.fromEntries((await handOff(owner, 'snsapi_userinfo')).searchParams);
    const secrets = await secretsOf(owner);

    expect(query['nickname']).toBeTruthy();
    expect(verify(query, owner.account.appid, secrets)).toMatchObject({ nickname: query['nickname'] });
    expect(verify({ ...query, nickname: '客服' }, owner.account.appid, secrets)).toBeNull();
  });

  it('is signed under the account\'s own secret: another account\'s secret or appid does not verify it', async () => {
    const [one, other] = [await ownerWithH5Domain(), await ownerWithH5Domain()];
    const verify = nodeSnippet();

    const query = Object.fromEntries((await handOff(one)).searchParams);

    expect(verify(query, one.account.appid, await secretsOf(other))).toBeNull();
    expect(verify(query, other.account.appid, await secretsOf(one))).toBeNull();
    expect(verify(query, one.account.appid, await secretsOf(one))).not.toBeNull();
  });

  it('rotates: the new secret signs, the previous one still verifies, the one before stops', async () => {
    const owner = await ownerWithH5Domain();
    const verify = nodeSnippet();
    const before = Object.fromEntries((await handOff(owner)).searchParams);
    const [first] = await secretsOf(owner);

    const rotated = await as(owner, '/apis/wxplatform/rotateH5Secret');
    const after = Object.fromEntries((await handOff(owner)).searchParams);
    const [second, previous] = await secretsOf(owner);
    await as(owner, '/apis/wxplatform/rotateH5Secret');
    const [third, previousAgain] = await secretsOf(owner);

    expect(rotated.body).toMatchObject({ errcode: 0, current: { secret: second }, previous: { secret: first } });
    expect(second).not.toBe(first);
    expect(previous).toBe(first);
    expect(verify(before, owner.account.appid, [second!, previous!])).not.toBeNull();
    expect(verify(after, owner.account.appid, [second!])).not.toBeNull();
    expect(verify(after, owner.account.appid, [first!])).toBeNull();
    expect(previousAgain).toBe(second);
    expect(verify(before, owner.account.appid, [third!, previousAgain!])).toBeNull();
  });

  it('keeps the secrets sealed in the table, and shows them to the account\'s organization only', async () => {
    const owner = await ownerWithH5Domain();
    const stranger = await ownerWithH5Domain();
    const [secret] = await secretsOf(owner);

    const item = (await scanAll()).find((i) => i['pk'] === `H5SECRET#${owner.account.appid}`)!;
    const foreign = await call('/apis/wxplatform/h5Secrets', { token: stranger.user.token, query: { appid: owner.account.appid } });

    expect(String(item['current'])).toMatch(/^szenc1:/);
    expect(JSON.stringify(item)).not.toContain(secret);
    expect(foreign.body.errcode).toBe(40300);
  });
});
