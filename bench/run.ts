import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../local/stack';
import { printAudienceBench, runAudienceBench, verifyMailedUser } from './audience-sync';
import { printBundles } from './bundles';
import { printBulkVsCallbackBench, runBulkVsCallbackBench } from './bulk-vs-callback';
import { runCallbackBench } from './callback';
import { printFirstCalls } from './first-call';
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
// The SDK's KMS, Secrets Manager and S3 clients beside ours, and Powertools Tracer beside today's tracing (issue 29).
await printFirstCalls(root, Number(process.env['FIRST_CALL_RUNS'] ?? 9));
// The access log's subscriber (the callback's latency statistics) runs in this process locally, and
// its writes would be counted as the callback's DynamoDB requests; in AWS it is another function.
process.env['LOCAL_ACCESS_LOG'] ??= 'off';
const stack = await startLocalStack({ root, port: 0 });
const base = stack.baseUrl;

const post = async (path: string, form: Record<string, string>) => {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: new URLSearchParams(form) });
  return (await res.json()) as Record<string, any>;
};

try {
  const user = { username: 'bench_user', password: 'bench-password-1', email: 'bench@example.com' };
  await post('/apis/user/register', user);
  await verifyMailedUser(stack, user.email);
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

  report(rows);

  // The callback (issue 12): its own module prints requests per message, in-process and end-to-end ratios.
  await runCallbackBench(stack, token);

  // The follower directory's sync of 250,000 followers (issue 26), and the model of a million on AWS.
  printAudienceBench(await runAudienceBench(stack, token));

  // Another tenant's callback latency with and without a big sync beside it (issue 26).
  printBulkVsCallbackBench(await runBulkVsCallbackBench(stack));
} finally {
  await stack.stop();
}
