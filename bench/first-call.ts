import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildFunction, scratchDir } from './bundles';

/**
 * Cold start as a function meets it on its first request: import the bundle (built with the
 * stack's esbuild options, lib/bundling.ts) in a fresh Node process AND make its first AWS call and
 * one WeChat call over fetch, against a peer on 127.0.0.1 that answers at once (KMS's and Secrets
 * Manager's JSON protocol, S3's REST PUT, DynamoDB's GetItem: there is no KMS or Secrets Manager
 * server on this machine, and the peer's answers cost the same for every variant).
 *
 * Two groups, each interleaved round by round with its own floor, medians:
 * - AWS clients: the SDK's KMS, Secrets Manager and S3 clients (and Powertools Parameters) beside
 *   src/core/aws/kms.ts, the JSON protocol, src/core/uploads/s3.ts; the floor is the document
 *   client created and the WeChat fetch.
 * - tracing: the empty handler (the bundled floor: a bare Node start), today's tracing (X-Ray active
 *   tracing is the runtime's: no code in the bundle, so the document client's GetItem as is), and
 *   Powertools Tracer with the document client captured and fetch instrumented, its segments sent to
 *   a UDP socket standing in for the X-Ray daemon (counted, so the variant is known to trace).
 *
 * `npx tsx bench/first-call.ts` (RUNS=<n>, default 15); `npm run bench` runs it with RUNS=9.
 */
const keyId = 'arn:aws:kms:us-east-1:111122223333:key/bench';
const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:bench';
/** Our modules by absolute path: the scratch folder sits under node_modules, which may be a symlink to another checkout's (esbuild follows it), so a relative path could reach that checkout's src/. */
const up = '@root/';

const dbFloor = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));`;

interface Variant {
  group: 'AWS clients' | 'tracing';
  name: string;
  source: string;
  /** Its floor: the variant the ratio is taken to. */
  floor?: true;
}

const variants: Variant[] = [
  { group: 'AWS clients', floor: true, name: 'floor: document client + WeChat fetch', source: `${dbFloor}\nexport const handler = async () => typeof db.send;` },
  {
    group: 'AWS clients',
    name: "KMS GenerateDataKey: @aws-sdk/client-kms (first-use import(), inlined)",
    source: `${dbFloor}
export const handler = async () => {
  const kms = await import('@aws-sdk/client-kms');
  const out = await new kms.KMSClient({}).send(new kms.GenerateDataKeyCommand({ KeyId: '${keyId}', KeySpec: 'AES_256', EncryptionContext: { service: 'socialinzen', purpose: 'tenant-secrets' } }));
  return typeof db.send + out.Plaintext.length;
};`,
  },
  {
    group: 'AWS clients',
    name: 'KMS GenerateDataKey: src/core/aws/kms.ts (keyring)',
    source: `import { kmsKeyring } from '${up}src/core/security/keyrings';
export const handler = async () => (await kmsKeyring('${keyId}').generateDataKey()).plaintext.length;`,
  },
  {
    group: 'AWS clients',
    name: 'Secrets Manager GetSecretValue: @aws-sdk/client-secrets-manager',
    source: `import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
${dbFloor}
const sm = new SecretsManagerClient({});
export const handler = async () => typeof db.send + (await sm.send(new GetSecretValueCommand({ SecretId: '${arn}' }))).SecretString;`,
  },
  {
    group: 'AWS clients',
    name: "Secrets Manager: Powertools Parameters' getSecret",
    source: `import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
${dbFloor}
export const handler = async () => typeof db.send + JSON.stringify(await getSecret('${arn}', { maxAge: 300, transform: 'json' }));`,
  },
  {
    group: 'AWS clients',
    name: 'Secrets Manager GetSecretValue: JSON protocol on signed fetch (src/core/aws/json-protocol.ts, before)',
    source: `import { callJson } from '${up}src/core/aws/json-protocol';
const sm = { signingName: 'secretsmanager', endpointPrefix: 'secretsmanager', targetPrefix: 'secretsmanager', envName: 'SECRETS_MANAGER', label: 'SecretsManager' };
export const handler = async () => (await callJson(sm, 'GetSecretValue', { SecretId: '${arn}' })).SecretString;`,
  },
  {
    group: 'AWS clients',
    name: 'Secrets Manager: src/wechat/component-credentials.ts as shipped (SDK client + our cache)',
    source: `import { componentCredentials } from '${up}src/wechat/component-credentials';
export const handler = async () => JSON.stringify(await componentCredentials());`,
  },
  {
    group: 'AWS clients',
    name: 'S3 PutObject: @aws-sdk/client-s3',
    source: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
${dbFloor}
const s3 = new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
export const handler = async () => typeof db.send + (await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'staging/u/a.png', Body: Buffer.alloc(64, 1), ContentType: 'image/png' }))).ETag;`,
  },
  {
    group: 'AWS clients',
    name: 'S3 PutObject: src/core/uploads/s3.ts (signed fetch)',
    source: `import { putObject } from '${up}src/core/uploads/s3';
export const handler = async () => putObject('staging/u/a.png', Buffer.alloc(64, 1), 'image/png');`,
  },
  { group: 'tracing', name: 'empty handler (bundled floor) + WeChat fetch', source: 'export const handler = async () => 0;' },
  {
    group: 'tracing',
    floor: true,
    name: "today's tracing (X-Ray active, no code): GetItem + WeChat fetch",
    source: `import { GetCommand } from '@aws-sdk/lib-dynamodb';
${dbFloor}
export const handler = async () => (await db.send(new GetCommand({ TableName: 'bench', Key: { pk: 'a', sk: 'b' } }))).Item;`,
  },
  {
    group: 'tracing',
    name: 'Powertools Tracer (DynamoDB captured, fetch instrumented): GetItem + WeChat fetch',
    source: `import { Tracer } from '@aws-lambda-powertools/tracer';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const tracer = new Tracer({ serviceName: 'bench' });
const db = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
export const handler = async () => {
  const parent = tracer.getSegment();
  const sub = parent.addNewSubsegment('## handler');
  tracer.setSegment(sub);
  try {
    return (await db.send(new GetCommand({ TableName: 'bench', Key: { pk: 'a', sk: 'b' } }))).Item;
  } finally {
    sub.close();
    tracer.setSegment(parent);
  }
};
// The loader's WeChat fetch runs inside the handler's segment as in a function: the loader calls after().
export const after = (work) => {
  const parent = tracer.getSegment();
  const sub = parent.addNewSubsegment('## wechat');
  tracer.setSegment(sub);
  return work().finally(() => { sub.close(); tracer.setSegment(parent); });
};`,
  },
];

// The WeChat call as the first request of a WeChat-calling function makes one over Node's fetch
// (whose first use loads Node's internal undici: paid by every variant, not only ours).
const loaderSource = `const started = performance.now();
const cpu = process.cpuUsage();
const m = await import(process.argv[2]);
await m.handler();
const wechat = async () => { await (await fetch(process.env.AWS_ENDPOINT_URL_KMS + '/cgi-bin/token')).text(); };
await (m.after ? m.after(wechat) : wechat());
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify([performance.now() - started, (used.user + used.system) / 1000]));
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Answers every protocol the variants speak, at once. */
const startPeer = async () => {
  const peer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method === 'PUT') {
        res.writeHead(200, { etag: '"bench"' }).end();
        return;
      }
      const body = target.startsWith('TrentService.')
        ? { KeyId: keyId, Plaintext: Buffer.alloc(32, 1).toString('base64'), CiphertextBlob: Buffer.alloc(184, 2).toString('base64') }
        : target.startsWith('secretsmanager.')
          ? { ARN: arn, Name: 'bench', VersionId: 'v1', SecretString: JSON.stringify({ appsecret: 's', token: 't', aesKey: 'k'.repeat(43) }) }
          : target.startsWith('DynamoDB_')
            ? {}
            : { access_token: 'bench', expires_in: 7200 };
      res.writeHead(200, { 'content-type': target.startsWith('DynamoDB_') ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  return peer;
};

export interface FirstCallRow {
  group: string;
  variant: string;
  'bundle KB': number;
  'first request ms': number;
  '/ its floor': number;
  '+ ms over its floor': number;
  'CPU ms': number;
  'CPU / its floor': number;
}

export const benchFirstCalls = async (root: string, runs = 15): Promise<{ rows: FirstCallRow[]; traceSegments: number }> => {
  const peer = await startPeer();
  const endpoint = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
  // The X-Ray daemon's stand-in: the Tracer variant's segments arrive here as UDP datagrams.
  const daemon = createSocket('udp4');
  let traceSegments = 0;
  daemon.on('message', () => traceSegments++);
  await new Promise<void>((r) => daemon.bind(0, '127.0.0.1', r));
  const { dir, loader, remove } = scratchDir(root, 'first-call', loaderSource);
  try {
    const files: { v: Variant; file: string; kb: number; ms: number[]; cpu: number[] }[] = [];
    for (const [i, v] of variants.entries()) {
      const srcDir = join(dir, 'src', String(i));
      mkdirSync(srcDir, { recursive: true });
      writeFileSync(join(srcDir, 'entry.ts'), v.source.replaceAll('@root/', `${root}/`));
      const outdir = join(dir, 'out', String(i));
      const { bytes } = await buildFunction(root, relative(root, join(srcDir, 'entry.ts')), { sdk: 'bundled', outdir });
      files.push({ v, file: join(outdir, 'index.mjs'), kb: bytes / 1024, ms: [], cpu: [] });
    }
    const env = {
      PATH: process.env['PATH'],
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDBENCH',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_ENDPOINT_URL_KMS: endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      BUCKET_NAME: 'bench',
      COMPONENT_APPID: 'wxbench',
      COMPONENT_SECRET_ARN: arn,
      TABLE_NAME: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // As Lambda sets them for a traced function: Tracer turns itself on only inside Lambda.
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      LAMBDA_TASK_ROOT: dir,
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    };
    const run = promisify(execFile);
    for (let r = 0; r < runs; r++) {
      for (const f of files) {
        const [wall, cpu] = JSON.parse((await run(process.execPath, [loader, pathToFileURL(f.file).href], { env, encoding: 'utf8' })).stdout) as [number, number];
        f.ms.push(wall);
        f.cpu.push(cpu);
      }
    }
    const rows = files.map((f) => {
      const own = files.find((g) => g.v.group === f.v.group && g.v.floor)!;
      const floor = median(own.ms);
      return {
        group: f.v.group,
        variant: f.v.name,
        'bundle KB': Number(f.kb.toFixed(1)),
        'first request ms': Number(median(f.ms).toFixed(1)),
        '/ its floor': Number((median(f.ms) / floor).toFixed(2)),
        '+ ms over its floor': Number((median(f.ms) - floor).toFixed(1)),
        // CPU time stays steadier than wall time on a shared machine (docs/performance.md).
        'CPU ms': Number(median(f.cpu).toFixed(1)),
        'CPU / its floor': Number((median(f.cpu) / median(own.cpu)).toFixed(2)),
      };
    });
    return { rows, traceSegments };
  } finally {
    remove();
    peer.close();
    daemon.close();
  }
};

export const printFirstCalls = async (root: string, runs = 15) => {
  console.log(`\nFirst request of a cold function (import + first AWS call + a WeChat fetch; fresh Node, medians of ${runs}, interleaved):`);
  const { rows, traceSegments } = await benchFirstCalls(root, runs);
  console.table(rows);
  console.log(`X-Ray daemon stand-in received ${traceSegments} segment datagrams from the Tracer variant.`);
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await printFirstCalls(resolve(dirname(fileURLToPath(import.meta.url)), '..'), Number(process.env['RUNS'] ?? 15));
}
