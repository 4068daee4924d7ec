import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildFunction, scratchDir } from './bundles';

/**
 * Cold start as a WeChat-calling function meets it: import the bundle in a fresh Node process AND
 * make its first KMS or Secrets Manager call (the tenant key is unwrapped, the component secret
 * read, on a cold container's first request) and then one WeChat call over fetch, against a
 * stand-in answering on 127.0.0.1 at once.
 * The SDK's KMS client and Powertools Parameters' getSecret beside src/core/aws/kms.ts and
 * src/core/aws/secrets-manager.ts, each with the floor's document client, interleaved with the floor's
 * plain import; medians. `RUNS=<n>` (default 15): `npx tsx bench/first-call.ts`.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env['RUNS'] ?? 15);
const keyId = 'arn:aws:kms:us-east-1:111122223333:key/bench';
const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:bench';

const variants = {
  floor: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => typeof db.send;`,
  "KMS: the SDK's client (first-use import(), inlined)": `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  const kms = await import('@aws-sdk/client-kms');
  const out = await new kms.KMSClient({}).send(new kms.GenerateDataKeyCommand({ KeyId: '${keyId}', KeySpec: 'AES_256', EncryptionContext: { service: 'socialinzen', purpose: 'tenant-secrets' } }));
  return typeof db.send + out.Plaintext.length;
};`,
  'KMS: src/core/aws/kms.ts': `import { kmsKeyring } from '${'../'.repeat(5)}src/core/security/keyrings';
export const handler = async () => (await kmsKeyring('${keyId}').generateDataKey()).plaintext.length;`,
  "Secrets Manager: Powertools Parameters' getSecret": `import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => typeof db.send + JSON.stringify(await getSecret('${arn}', { maxAge: 300, transform: 'json' }));`,
  'Secrets Manager: src/core/aws/secrets-manager.ts': `import { componentCredentials } from '${'../'.repeat(5)}src/wechat/component-credentials';
export const handler = async () => JSON.stringify(await componentCredentials());`,
};

// Then a WeChat call, as the first request of a WeChat-calling function makes one over Node's fetch
// (whose first use loads Node's internal undici: paid by every variant, not only ours).
const loaderSource = `const started = performance.now();
const m = await import(process.argv[2]);
await m.handler();
await (await fetch(process.env.AWS_ENDPOINT_URL_KMS)).text();
process.stdout.write(String(performance.now() - started));
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const peer = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const target = req.headers['x-amz-target'];
    const body =
      target === 'TrentService.GenerateDataKey'
        ? { KeyId: keyId, Plaintext: Buffer.alloc(32, 1).toString('base64'), CiphertextBlob: Buffer.alloc(184, 2).toString('base64') }
        : { ARN: arn, Name: 'bench', VersionId: 'v1', SecretString: JSON.stringify({ appsecret: 's', token: 't', aesKey: 'k'.repeat(43) }) };
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
  });
});
await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;

const { dir, loader, remove } = scratchDir(root, 'first-call', loaderSource);
try {
  const files: { name: string; file: string; kb: number; ms: number[] }[] = [];
  for (const [i, [name, source]] of Object.entries(variants).entries()) {
    // Five levels under the root (node_modules/.cache/<dir>/src/<i>), as the relative imports above say.
    const srcDir = join(dir, 'src', String(i));
    mkdirSync(srcDir, { recursive: true });
    writeFileSync(join(srcDir, 'entry.ts'), source);
    const outdir = join(dir, 'out', String(i));
    const { bytes } = await buildFunction(root, relative(root, join(srcDir, 'entry.ts')), { sdk: 'bundled', outdir });
    files.push({ name, file: join(outdir, 'index.mjs'), kb: bytes / 1024, ms: [] });
  }
  const env = {
    PATH: process.env['PATH'],
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    COMPONENT_APPID: 'wxbench',
    COMPONENT_SECRET_ARN: arn,
    TABLE_NAME: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const run = promisify(execFile);
  for (let r = 0; r < runs; r++) {
    for (const f of files) f.ms.push(Number((await run(process.execPath, [loader, pathToFileURL(f.file).href], { env, encoding: 'utf8' })).stdout));
  }
  const floor = median(files[0]!.ms);
  console.table(
    files.map((f) => ({
      variant: f.name,
      'bundle KB': Number(f.kb.toFixed(1)),
      'import + first calls ms': Number(median(f.ms).toFixed(1)),
      '/ floor (import + fetch)': Number((median(f.ms) / floor).toFixed(2)),
    })),
  );
} finally {
  remove();
  peer.close();
}
