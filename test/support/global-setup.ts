import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../local/stack';

/** The console origin the suite's stack allows cross-origin calls from. */
export const consoleOrigin = 'https://console.socialinzen.test';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dynamoEndpoint: string;
    s3Endpoint: string;
    sesEndpoint: string;
    queuesEndpoint: string;
    schedulerEndpoint: string;
    wechatBase: string;
    tableName: string;
    bucketName: string;
    dynamoFaults: string;
    s3Faults: string;
  }
}

/**
 * The stack of this run and how many projects hold it. Global setups run in Vitest's main process,
 * but each project may load this module on its own, so the one stack lives on globalThis.
 */
const sharedKey = Symbol.for('socialinzen.test.local-stack');
type Shared = { stack: Promise<LocalStack>; holders: number };
const registry = globalThis as typeof globalThis & { [sharedKey]?: Shared };

const startStack = () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  // Expected upstream failures (50200) would log a warning each; unexpected errors still print.
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';
  // A console served from another origin than the API (in AWS it shares the API's origin).
  process.env['CONSOLE_ORIGINS'] ??= consoleOrigin;
  // The suite shares 2 cores with other work: give functions 30 s, not the stack's 10, before a timeout.
  process.env['LOCAL_FUNCTION_TIMEOUT_MS'] ??= '30000';
  // Tests drive up to 50 concurrent requests at one function and expect them all served; the load
  // test's 200 still meet the throttle.
  process.env['LOCAL_FUNCTION_CONCURRENCY'] ??= '64';
  // The follower sync hands a run to the next queue message every 2 s (90 s in AWS), so the tests
  // go through its checkpoints and continuations, not one long slice.
  process.env['AUDIENCE_SYNC_SLICE_MS'] ??= '2000';
  // scrypt at 2^10 instead of the product's 2^15 (src/core/security/passwords.ts): the suite's
  // sign-ups and logins spent minutes of the 2 shared cores hashing. The product's cost is checked
  // without the stack (test/security/passwords.unit.test.ts).
  process.env['PASSWORD_HASH_LOG2N'] ??= '10';
  // scrypt-bound functions: what 2 shared cores finish well inside the timeout.
  process.env['LOCAL_FUNCTION_CONCURRENCY_OVERRIDES'] ??= JSON.stringify({ 'user.register': 20, 'user.login': 20 });
  // The collector's cron (08:00–12:00 Beijing time) would call WeChat for every test account in the
  // middle of the collector tests' exact call counts; its schedule is tested on its own (test/local/scheduler.test.ts).
  process.env['LOCAL_CRON'] ??= 'off';
  return startLocalStack({ root, port: 0, faultProxies: true });
};

/**
 * One local stack (in-memory DynamoDB Local, s3rver, SES stand-in, gateway) for the whole run:
 * the first stack project to set up starts it, the others reuse it, the last teardown stops it.
 * A run of unit files alone never loads this file (vitest.config.ts).
 */
export default async function setup(project: TestProject) {
  const shared = (registry[sharedKey] ??= { stack: startStack(), holders: 0 });
  shared.holders += 1;
  const stack = await shared.stack;
  project.provide('baseUrl', stack.baseUrl);
  project.provide('dynamoEndpoint', stack.dynamoEndpoint);
  project.provide('s3Endpoint', stack.s3Endpoint);
  project.provide('sesEndpoint', stack.sesEndpoint);
  project.provide('queuesEndpoint', stack.queuesEndpoint);
  project.provide('schedulerEndpoint', stack.schedulerEndpoint);
  project.provide('wechatBase', stack.wechatSimulator!);
  project.provide('tableName', stack.tableName);
  project.provide('bucketName', stack.bucketName);
  project.provide('dynamoFaults', stack.dynamoFaults!);
  project.provide('s3Faults', stack.s3Faults!);
  return async () => {
    shared.holders -= 1;
    if (shared.holders > 0) return;
    delete registry[sharedKey];
    await stack.stop();
  };
}
