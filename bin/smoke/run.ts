import { randomBytes } from 'node:crypto';
import { call, expectOk, expectRefused, type Answer } from './http';
import { apiAnswerProblems, consoleOriginProblems, consolePageProblems, foreignOriginProblems } from './headers';
import { removeAccount, removeStaged, removeUser, stagedSize, verifyUser, type Storage } from './operator';
import { fail, Steps, type StepResult } from './steps';

/**
 * The post-deploy smoke test (issue 29, item 5): a short life of two tenants on the deployed
 * stack, each step timed and reported ✓/✗/–, everything it made removed at the end.
 */
export interface TestAccount {
  appid: string;
  secret: string;
  token: string;
  aesKey?: string | undefined;
}

export interface SmokeOptions extends Storage {
  /** The API's base URL (the console's CloudFront URL or the HTTP API's own). */
  api: string;
  /** The web console's URL. */
  console: string;
  /** The origin the console's browser calls the API from (default: the console URL's origin). */
  consoleOrigin?: string | undefined;
  /** A direct-mode test account (appid, secret, callback token) to bind, add rules to and unbind. */
  account?: TestAccount | undefined;
}

export interface SmokeResult {
  ok: boolean;
  steps: StepResult[];
  /** What it made, for a caller to check it is gone. */
  made: { users: { username: string; email: string; id?: string }[]; appid?: string; keyword?: string; stagedKey?: string };
}

interface Tenant {
  username: string;
  email: string;
  password: string;
  id?: string;
  token?: string;
}

/** Refusals of another tenant's appid (SPEC §3): someone else's, or not one of yours. */
const otherTenantCodes = [40300, 40400] as const;

/** An Origin no deployment serves (RFC 2606 reserves .invalid). */
const foreignOrigin = 'https://smoke-foreign-origin.invalid';

/** A tiny MP4 (one `ftyp` box): the staging PUT checks size and type, not content. */
const stagedFile = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1')]);

const tenant = (run: string, who: string): Tenant => ({
  username: `smoke_${run}${who}`,
  // SES's mailbox simulator accepts any label after `+` and delivers nowhere (sandbox-safe).
  email: `success+smoke-${run}${who}@simulator.amazonses.com`,
  password: `smoke-${randomBytes(12).toString('base64url')}`,
});

export const runSmoke = async (options: SmokeOptions, print: (line: string) => void = console.log): Promise<SmokeResult> => {
  const steps = new Steps(print);
  const run = randomBytes(4).toString('hex');
  const a = tenant(run, 'a');
  const b = tenant(run, 'b');
  const made: SmokeResult['made'] = { users: [] };
  const apiHttps = new URL(options.api).protocol === 'https:';
  const consoleUrl = new URL(options.console);
  const consoleOrigin = (options.consoleOrigin ?? consoleUrl.origin).replace(/\/+$/, '');
  const sameOrigin = consoleOrigin === new URL(options.api).origin;
  const account = options.account;
  const keyword = `smoke-${run}`;
  let bound = false;
  let ruleAdded = false;

  print(`smoke ${run}: api ${options.api}, console ${options.console}, table ${options.table}${account ? `, account ${account.appid}` : ''}`);

  await steps.run('console page: CSP, HSTS, nosniff, frame options', async () => {
    const page = await fetch(consoleUrl, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    await page.arrayBuffer();
    if (page.status !== 200 || !(page.headers.get('content-type') ?? '').includes('text/html')) fail(`GET ${consoleUrl} answered ${page.status} ${page.headers.get('content-type')}`);
    const problems = consolePageProblems(page.headers, consoleUrl.protocol === 'https:');
    if (problems.length) fail(problems.join('; '));
    return consoleUrl.protocol === 'https:' ? undefined : 'HSTS not checked over http';
  });

  const signUp = async (user: Tenant, label: string): Promise<boolean> => {
    made.users.push(user);
    const registered = await steps.run(`register ${label} (${user.username})`, async () => {
      const body = expectOk(await call(options.api, '/apis/user/register', { form: { username: user.username, password: user.password, email: user.email } }), 'register');
      user.id = body.user?.id;
      return user.email;
    });
    if (!registered) return false;
    const verified = await steps.run(`verify ${label} with the operator's credentials (table ${options.table})`, async () => {
      const id = await verifyUser(options, user.username);
      if (id !== user.id) fail(`the table's ${user.username} is ${id}, the API registered ${user.id}`);
    });
    if (!verified) return false;
    return steps.run(`log in ${label}`, async () => {
      const body = expectOk(await call(options.api, '/apis/user/login', { form: { username: user.username, password: user.password } }), 'login');
      user.token = body.access_token;
      if (body.user?.id !== user.id) fail(`logged in as ${body.user?.id}, registered ${user.id}`);
    });
  };

  const journey = async (): Promise<void> => {
    if (!(await signUp(a, 'tenant A'))) return;

    await steps.run('API answer: nosniff, frame options, CSP frame-ancestors, HSTS', async () => {
      const me = await call(options.api, '/apis/user/me', { token: a.token! });
      if (expectOk(me, 'me').user?.id !== a.id) fail('me answered another user');
      const problems = apiAnswerProblems(me.headers, apiHttps);
      if (problems.length) fail(problems.join('; '));
      return apiHttps ? undefined : 'HSTS not checked over http';
    });

    await steps.run(`CORS: a foreign origin (${foreignOrigin}) gets no permission`, async () => {
      const problems = [
        ...foreignOriginProblems((await preflight(options.api, foreignOrigin)).headers, foreignOrigin),
        ...foreignOriginProblems((await call(options.api, '/apis/user/me', { token: a.token!, headers: { origin: foreignOrigin } })).headers, foreignOrigin),
      ];
      if (problems.length) fail(problems.join('; '));
    });

    if (sameOrigin) steps.skip('CORS: the console origin is allowed', `the console shares the API's origin (${consoleOrigin}): no CORS needed`);
    else {
      await steps.run(`CORS: the console origin (${consoleOrigin}) is allowed`, async () => {
        const pre = await preflight(options.api, consoleOrigin);
        const actual = await call(options.api, '/apis/user/me', { token: a.token!, headers: { origin: consoleOrigin } });
        const problems = [...consoleOriginProblems(pre.headers, consoleOrigin), ...consoleOriginProblems(actual.headers, consoleOrigin)];
        if (problems.length) fail(problems.join('; '));
      });
    }

    if (!account) {
      for (const name of ['bind the test account', 'add a rule', 'list rules']) steps.skip(name, 'no --account given');
    } else {
      bound = await steps.run(`bind the test account ${account.appid} (accounts.bindDirect)`, async () => {
        const form = { appid: account.appid, appsecret: account.secret, token: account.token, ...(account.aesKey ? { encodingAESKey: account.aesKey } : {}) };
        expectOk(await call(options.api, '/apis/accounts/bindDirect', { token: a.token!, form }), 'bindDirect');
        made.appid = account.appid;
      });
      if (bound) {
        ruleAdded = await steps.run(`add a rule (${keyword})`, async () => {
          expectOk(await call(options.api, '/apis/wxreplymanage/addReply', { token: a.token!, json: { appid: account.appid, type: 'text', request: keyword, reply: 'smoke test reply' } }), 'addReply');
          made.keyword = keyword;
        });
        await steps.run('list rules', async () => {
          const rules = await listRules(options.api, a.token!, account.appid, keyword);
          if (!rules.includes(keyword)) fail(`listReply does not show ${keyword}: [${rules.join(', ')}]`);
        });
      }
    }

    await steps.run('upload through /staging/* (materials.createUploadUrl, PUT to the presigned URL)', async () => {
      const body = expectOk(await call(options.api, '/apis/materials/createUploadUrl', { token: a.token!, form: { type: 'video', size: String(stagedFile.length), filename: 'smoke.mp4' } }), 'createUploadUrl');
      made.stagedKey = body.key;
      const target = new URL(body.uploadUrl);
      if (!target.pathname.startsWith('/staging/')) fail(`the upload URL is not under /staging/: ${target.origin}${target.pathname}`);
      const put = await fetch(target, { method: body.method ?? 'PUT', headers: body.headers ?? {}, body: stagedFile, signal: AbortSignal.timeout(30_000) });
      const answer = await put.text();
      if (put.status !== 200) fail(`PUT ${target.origin}${target.pathname} answered ${put.status} ${answer.slice(0, 200)}`);
      if (!options.bucket) return `${target.origin}/staging/…: 200 (no --bucket: not read back)`;
      const size = await stagedSize(options, body.key);
      if (size !== stagedFile.length) fail(`the bucket holds ${size ?? 'nothing'} bytes at ${body.key}, ${stagedFile.length} were sent`);
      return `${target.origin}/staging/… → ${options.bucket} (${size} bytes)`;
    });

    if (!(await signUp(b, 'tenant B'))) return;

    if (!bound || !account) steps.skip("tenant B is refused tenant A's account", 'needs a bound --account');
    else {
      await steps.run("tenant B is refused tenant A's account (40300/40400)", async () => {
        const appid = account.appid;
        const asB = { token: b.token! };
        const refusals = [
          expectRefused(await call(options.api, '/apis/accounts/detail', { ...asB, query: { appid } }), otherTenantCodes, 'accounts.detail'),
          expectRefused(await call(options.api, '/apis/wxreplymanage/listReply', { ...asB, json: { appid } }), otherTenantCodes, 'listReply'),
          expectRefused(await call(options.api, '/apis/wxreplymanage/addReply', { ...asB, json: { appid, type: 'text', request: `${keyword}-b`, reply: 'not yours' } }), otherTenantCodes, 'addReply'),
          expectRefused(await call(options.api, '/apis/wxreplymanage/deleteReply', { ...asB, json: { appid, request: keyword } }), otherTenantCodes, 'deleteReply'),
          // Not bindDirect with the right AppSecret: proof of control asks for a transfer that A's owners
          // can stop within 24 hours (docs/security.md), which a smoke run would leave pending.
        ];
        // Refused and nothing changed: A's rule is still there, B's is not.
        const rules = await listRules(options.api, a.token!, appid, keyword);
        if (ruleAdded && !rules.includes(keyword)) fail(`tenant A's rule ${keyword} is gone after tenant B's attempts`);
        if (rules.includes(`${keyword}-b`)) fail("tenant B's rule was written into tenant A's account");
        return refusals.join(', ');
      });
    }
  };

  try {
    await journey();
  } finally {
    await cleanUp();
  }
  return { ok: steps.failed.length === 0, steps: steps.results, made };

  async function cleanUp(): Promise<void> {
    if (ruleAdded && account) {
      await steps.run('clean up: delete the rule (deleteReply)', async () => {
        expectOk(await call(options.api, '/apis/wxreplymanage/deleteReply', { token: a.token!, json: { appid: account.appid, request: keyword } }), 'deleteReply');
      });
    }
    if (bound && account && a.id) {
      // No route unbinds an account yet: the operator removes the item and its tokens.
      await steps.run('clean up: unbind the test account (operator: account item and tokens)', async () => {
        if (!(await removeAccount(options, account.appid, a.id!))) fail(`account ${account.appid} was not tenant A's any more`);
      });
    }
    if (made.stagedKey) {
      if (options.bucket) await steps.run('clean up: delete the staged upload', () => removeStaged(options, made.stagedKey!));
      else steps.skip('clean up: delete the staged upload', 'no --bucket: the staging/ lifecycle rule expires it within a day');
    }
    for (const user of [a, b].filter((u) => u.token)) {
      await steps.run(`clean up: end ${user.username}'s sessions (revokeSessions all)`, async () => {
        expectOk(await call(options.api, '/apis/user/revokeSessions', { token: user.token!, form: { all: 'true' } }), 'revokeSessions');
      });
    }
    for (const user of made.users) {
      // No route deletes a user yet: the operator removes the profile, its markers and its link.
      await steps.run(`clean up: remove user ${user.username} (operator)`, async () => {
        if (!(await removeUser(options, user.username))) fail(`no user ${user.username} in table ${options.table}`);
      });
    }
  }
};

const preflight = (api: string, origin: string): Promise<Answer> =>
  call(api, '/apis/user/me', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });

const listRules = async (api: string, token: string, appid: string, q: string): Promise<string[]> => {
  const body = expectOk(await call(api, '/apis/wxreplymanage/listReply', { token, json: { appid, q } }), 'listReply');
  return (body.rules as { request?: string; keyword?: string }[]).map((r) => r.request ?? r.keyword ?? '');
};
