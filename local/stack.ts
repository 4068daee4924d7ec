import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { routeList, workers, type WorkerId } from '../lib/routes';
import { consoleDist, ensureConsoleBuilt } from '../console/build';
import { recordConsumer } from '../src/records/definition';
import { consoleFiles } from './console-files';
import { demoComponent } from './demo-component';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { docsPages } from './docs';
import { startGateway } from './gateway';
import { stagingUploads } from './upload-proxy';
import { startFaultProxy } from './fault-proxy';
import { freePort } from './ports';
import { startLocalQueues } from './queues';
import { localRecordQueues, startLocalRecordStream, type RecordStreamHandler } from './record-stream';
import { startScheduler, startSendScheduler } from './scheduler';
import { startS3Local, type S3Local } from './s3-local';
import { readMails, startSesLocal, type SesLocal } from './ses-local';
import { localTenantKey } from './tenant-key';
import { startWechatSimulator } from './wechat-sim';

/**
 * The whole product on one machine: DynamoDB Local, s3rver, the SES stand-in and the API gateway
 * running the real handlers. Used by `npm start` and by the test suite's global setup.
 */
export interface LocalStackOptions {
  /** Project root (handlers are loaded relative to it). */
  root: string;
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Where data is kept across restarts; omitted = in memory / temporary. */
  dataDir?: string;
  /** Print every mail sent (verification links) to the console. */
  printMail?: boolean;
  /** Put fault-injecting proxies between the functions and DynamoDB Local / s3rver (tests). */
  faultProxies?: boolean;
}

export interface LocalStack {
  baseUrl: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  sesEndpoint: string;
  /**
   * The SQS stand-in of the route table's workers (dead letters at /__queues/<id>/dead-letters) and
   * of the record stream's failure queues (GET /__queues/<id>/messages, local/record-stream.ts).
   */
  queuesEndpoint: string;
  /** The one-time schedules' stand-in (scheduled sends). */
  schedulerEndpoint: string;
  /** Control URLs of the fault proxies (with `faultProxies`): POST/DELETE/GET <url>/__faults. */
  dynamoFaults: string | undefined;
  s3Faults: string | undefined;
  /** The built-in WeChat simulator, or undefined when WECHAT_API_BASE points elsewhere. */
  wechatSimulator: string | undefined;
  component: typeof demoComponent;
  tableName: string;
  bucketName: string;
  stop(): Promise<void>;
}

export const localNames = { tableName: 'socialinzen', bucketName: 'socialinzen-local', mailFrom: 'no-reply@socialinzen.local' } as const;

export { demoComponent };

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  // Local runs are on Node 20 on purpose (Lambda runs 22): the SDK's reminder says nothing new.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((e) => console.error('[local] stop failed:', e));
  };
  // Built before the servers start (only when its sources changed): on a busy machine a parallel
  // build slows DynamoDB Local's start-up more than it saves.
  await ensureConsoleBuilt();
  try {
    const [dynamoPort, s3Port, sesPort, simPort, gatewayPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      options.port === 0 ? freePort() : Promise.resolve(options.port),
    ]);
    let dbPath: string | undefined;
    let s3Dir: string;
    if (options.dataDir) {
      dbPath = join(options.dataDir, 'dynamodb');
      s3Dir = join(options.dataDir, 's3');
      mkdirSync(dbPath, { recursive: true });
      mkdirSync(s3Dir, { recursive: true });
    } else {
      s3Dir = mkdtempSync(join(tmpdir(), 'socialinzen-s3-'));
      stops.push(async () => rmSync(s3Dir, { recursive: true, force: true }));
    }

    const [dynamo, s3, ses]: [DynamoDbLocal, S3Local, SesLocal] = await Promise.all([
      startDynamoDbLocal({ port: dynamoPort!, ...(dbPath ? { dbPath } : {}) }),
      startS3Local({ port: s3Port!, directory: s3Dir, bucket: localNames.bucketName }),
      startSesLocal({ port: sesPort! }),
    ]);
    stops.push(dynamo.stop, s3.stop, ses.stop);
    await ensureTable(dynamo.endpoint, localNames.tableName);
    const proxies = options.faultProxies
      ? await Promise.all([
          startFaultProxy({ target: dynamo.endpoint, service: 'dynamodb' }),
          startFaultProxy({ target: s3.endpoint, service: 's3' }),
        ])
      : undefined;
    for (const proxy of proxies ?? []) stops.push(proxy.stop);

    const baseUrl = `http://127.0.0.1:${gatewayPort}`;
    const publicBaseUrl = process.env['PUBLIC_BASE_URL'] || baseUrl;

    // WeChat: the built-in simulator unless WECHAT_API_BASE names a real (or other) WeChat.
    let wechatSimulator: string | undefined;
    if (!process.env['WECHAT_API_BASE']) {
      const simulator = await startWechatSimulator({
        port: simPort!,
        component: demoComponent,
        componentEventUrl: `${publicBaseUrl}/wxplatform/componentEvent`,
        callbackBase: publicBaseUrl,
        // With the data folder, WeChat's side survives a restart as DynamoDB Local's does.
        ...(options.dataDir ? { stateFile: join(options.dataDir, 'wechat-sim.json') } : {}),
      });
      stops.push(simulator.stop);
      wechatSimulator = simulator.url;
      Object.assign(process.env, {
        WECHAT_API_BASE: simulator.url,
        WECHAT_MP_BASE: simulator.url,
        WECHAT_OPEN_BASE: simulator.url,
        COMPONENT_APPID: demoComponent.appid,
        COMPONENT_APPSECRET: demoComponent.secret,
        COMPONENT_TOKEN: demoComponent.token,
        COMPONENT_AES_KEY: demoComponent.aesKey,
      });
    }
    // The handlers read these when they run, as they read Lambda's environment in AWS. The keys are
    // s3rver's fixed ones; DynamoDB Local and the SES stand-in take any.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: proxies?.[0].endpoint ?? dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: proxies?.[1].endpoint ?? s3.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      TABLE_NAME: localNames.tableName,
      BUCKET_NAME: localNames.bucketName,
      MAIL_FROM: process.env['MAIL_FROM'] || localNames.mailFrom,
      PUBLIC_BASE_URL: publicBaseUrl,
      // Presigned uploads go to the gateway's /staging/* and on to s3rver, as CloudFront does in AWS.
      UPLOAD_BASE_URL: publicBaseUrl,
      POWERTOOLS_LOG_LEVEL: process.env['POWERTOOLS_LOG_LEVEL'] || 'WARN',
      // Tenant secrets are sealed with the local keyring (KMS in AWS): same code, another key holder.
      TENANT_LOCAL_KEY: localTenantKey(options.dataDir),
      // EMF metric lines mean something to CloudWatch only; locally they would drown the output.
      POWERTOOLS_METRICS_DISABLED: process.env['POWERTOOLS_METRICS_DISABLED'] || 'true',
    });

    // The route table's queues and their workers (SQS and its event source, locally).
    const queues = await startLocalQueues(options.root, await freePort(), Object.values(localRecordQueues));
    stops.push(queues.stop);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SQS: queues.endpoint,
      [recordConsumer.failureQueueUrlVariable]: queues.queueUrl(localRecordQueues.pluginFailures),
      ...Object.fromEntries(Object.entries(workers).map(([id, w]) => [w.queueUrlVariable, queues.queueUrl(id as WorkerId)])),
    });

    // The web console at `/` (built first when its sources changed), the route list at /docs.
    const serveConsole = consoleFiles(consoleDist, { followerPanel: wechatSimulator && `${wechatSimulator}/follower-panel` });
    const uploads = stagingUploads(proxies?.[1].endpoint ?? s3.endpoint, localNames.bucketName);
    const docs = docsPages();
    const gateway = await startGateway({
      root: options.root,
      port: gatewayPort!,
      fallback: (req, res, url) => {
        if (serveConsole(req, res, url)) return true;
        if (uploads(req, res, url)) return true;
        if (docs(req, res, url)) return true;
        if (req.method !== 'GET' || url.pathname !== '/routes') return false;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(indexPage(baseUrl, ses.endpoint));
        return true;
      },
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          gateway.closeAllConnections();
          gateway.close(() => resolve());
        }).then(() => gateway.logsDelivered()),
    );

    // LOCAL_CRON=off: cron entries are planned, not run (the test stack: see SchedulerOptions.cron).
    stops.push(await startScheduler(options.root, { cron: process.env['LOCAL_CRON'] !== 'off' }));
    // Scheduled sends' one-time schedules (EventBridge Scheduler in AWS).
    const sendScheduler = await startSendScheduler(options.root, await freePort());
    stops.push(sendScheduler.stop);
    Object.assign(process.env, {
      SCHEDULER_ENDPOINT: sendScheduler.endpoint,
      SEND_SCHEDULE_GROUP: 'socialinzen-sends',
      SEND_FIRE_TARGET_ARN: 'arn:aws:lambda:local:000000000000:function:fireSend',
      SEND_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/socialinzen-send-scheduler',
    });

    // The record stream consumer over DynamoDB Local's stream (Lambda's event source, locally).
    const consumer = (await import(pathToFileURL(join(options.root, recordConsumer.handler)).href)) as { handler: RecordStreamHandler };
    const sqs = new SQSClient({});
    const records = await startLocalRecordStream({
      endpoint: dynamo.endpoint,
      tableName: localNames.tableName,
      handler: consumer.handler,
      onFailure: async (failure) => {
        await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl(localRecordQueues.streamDeadLetters), MessageBody: JSON.stringify(failure) }));
      },
    });
    stops.push(async () => {
      await records.stop();
      sqs.destroy();
    });

    if (wechatSimulator) {
      // WeChat pushes a component_verify_ticket every 10 minutes; the simulator does it now and then too.
      const pushTicket = () =>
        fetch(`${wechatSimulator}/__sim/component/push-ticket`, { method: 'POST' }).catch(() => undefined);
      await pushTicket();
      const timer = setInterval(pushTicket, 10 * 60_000);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }

    if (options.printMail) {
      const timer = printNewMails(ses.endpoint);
      stops.push(async () => clearInterval(timer));
    }

    return {
      baseUrl,
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      dynamoFaults: proxies?.[0].endpoint,
      s3Faults: proxies?.[1].endpoint,
      sesEndpoint: ses.endpoint,
      queuesEndpoint: queues.endpoint,
      schedulerEndpoint: sendScheduler.endpoint,
      wechatSimulator,
      component: demoComponent,
      tableName: localNames.tableName,
      bucketName: localNames.bucketName,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

const printNewMails = (sesEndpoint: string): NodeJS.Timeout => {
  let seen = 0;
  return setInterval(() => {
    readMails(sesEndpoint)
      .then((mails) => {
        for (const mail of mails.slice(seen)) {
          const links = (mail.body.text ?? '').match(/https?:\/\/\S+/g) ?? [];
          console.log(`[mail] to ${mail.destination.to.join(', ')}: ${mail.subject}${links.map((l) => `\n       ${l}`).join('')}`);
        }
        seen = Math.max(seen, mails.length);
      })
      .catch(() => undefined);
  }, 1000);
};

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const indexPage = (baseUrl: string, sesEndpoint: string): string => `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>socialinzen (local)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .25em}td{padding:.15em .8em .15em 0}</style>
<h1>socialinzen — running locally</h1>
<p>API base: <code>${escapeHtml(baseUrl)}</code>. Mails sent (verification links): <a href="${escapeHtml(sesEndpoint)}/">${escapeHtml(sesEndpoint)}</a>.</p>
<pre>curl -X POST ${escapeHtml(baseUrl)}/apis/user/register -d username=demo -d password=demo-pass-1 -d email=demo@example.com</pre>
<p>Every route, its fields, answers and errcodes: <a href="/docs">/docs</a> (the OpenAPI document: <a href="/openapi.json">/openapi.json</a>).</p>
</html>`;
