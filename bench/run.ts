import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../local/stack';
import { readMails } from '../local/ses-local';
import { printBundles } from './bundles';
import { benchCallback, seedRules } from './callback';
import { printJsonBodyParsers } from './json-body';
import { measure, report, type Measurement } from './harness';

/**
 * `npm run bench`: latency of the API through the local gateway (real handlers, DynamoDB Local).
 * Numbers are for comparing changes on one machine, not AWS predictions. Bounded: it stops itself.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Every function's bundle size and cold module load against the floor (no stack needed).
await printBundles(root);
await printJsonBodyParsers(root);
const stack = await startLocalStack({ root, port: 0 });
const base = stack.baseUrl;

const post = async (path: string, form: Record<string, string>) => {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: new URLSearchParams(form) });
  return (await res.json()) as Record<string, any>;
};

try {
  const user = { username: 'bench_user', password: 'bench-password-1', email: 'bench@example.com' };
  await post('/apis/user/register', user);
  const mail = (await readMails(stack.sesEndpoint)).find((m) => m.destination.to.includes(user.email))!;
  await fetch(mail.body.text!.match(/https?:\/\/\S+/)![0]);
  const { access_token: token } = await post('/apis/user/login', { username: user.username, password: user.password });

  const rows: Measurement[] = [];
  rows.push(
    await measure('GET /apis/user/me (session read + accounts query)', { count: 2000, concurrency: 8 }, async () => {
      const res = await fetch(`${base}/apis/user/me?access_token=${token}`);
      if (res.status !== 200) throw new Error(`me answered ${res.status}`);
      await res.arrayBuffer();
    }),
  );
  rows.push(
    await measure('POST /apis/user/login (scrypt N=2^15)', { count: 200, concurrency: 4 }, async () => {
      const body = await post('/apis/user/login', { username: user.username, password: user.password });
      if (body['errcode'] !== 0) throw new Error(`login answered ${body['errcode']}`);
    }),
  );

  // Callback latency: an account with 10 rules against one with 10,000 (exact keywords are one
  // key lookup, so the two should stay close).
  const accounts = [];
  for (const ruleCount of [10, 10_000]) {
    const account = (await (await fetch(`${stack.wechatSimulator}/__sim/accounts`, { method: 'POST' })).json()) as {
      appid: string;
      secret: string;
      token: string;
      aesKey: string;
    };
    const bound = await fetch(`${base}/apis/accounts/bindDirect?access_token=${token}`, {
      method: 'POST',
      body: new URLSearchParams({ appid: account.appid, appsecret: account.secret, token: account.token, encodingAESKey: account.aesKey }),
    });
    if (((await bound.json()) as { errcode: number }).errcode !== 0) throw new Error('bindDirect failed');
    const seeding = Date.now();
    await seedRules(stack.tableName, account.appid, ruleCount);
    console.log(`seeded ${ruleCount} rules in ${Date.now() - seeding} ms`);
    accounts.push({ account, ruleCount });
  }
  for (const { account, ruleCount } of accounts) {
    rows.push(await benchCallback(`POST /wxplatform/callback (safe mode, ${ruleCount} rules)`, base, account, ruleCount));
  }
  report(rows);
  const [small, large] = rows.slice(-2);
  console.log(`callback median ratio (10,000 rules / 10 rules): ${(large!.medianMs / small!.medianMs).toFixed(2)}`);
} finally {
  await stack.stop();
}
