import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceEndpoint } from '../../src/core/aws/endpoints';
import { retryableOf } from '../../src/core/aws/retry';
import { signedFetch, signerFor } from '../../src/core/aws/signed-fetch';
import { targetOf } from '../../src/core/aws/endpoints';
import { toErrorResponse } from '../../src/core/http/error-mapper';
import { putObject } from '../../src/core/uploads/s3';
import { objectLocation } from '../../src/core/uploads/s3-request';
import { startJsonPeer, type Answer, type JsonPeer } from '../support/aws-json-peer';

/**
 * The signed-fetch transport under src/core/uploads/s3.ts (and the JSON protocol of KMS and Secrets
 * Manager), against the SDK's own clients as they behave today: both send to one recording peer on
 * 127.0.0.1 and meet the same answers. What the SDK does is the rule (issue 29, item 4): its
 * partitions, its standard retries (500/502/503/504 and throttling, not a 501), its clock-skew
 * correction from a RequestTimeTooSkewed answer's Date, redirects never followed; plus what the SDK
 * leaves to configuration: a timeout, and a programming error never reported as a busy network.
 */
const credentials = { accessKeyId: process.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY']! };
const region = 'us-east-1';
const bucket = 'bkt';

let peer: JsonPeer;
const clients: { destroy(): void }[] = [];
const sdkS3 = () => {
  const client = new S3Client({
    endpoint: peer.url,
    forcePathStyle: true,
    region,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  clients.push(client);
  return client;
};

beforeEach(async () => {
  peer = await startJsonPeer(() => ({ status: 200, body: '', headers: { etag: '"e"' } }));
  process.env['AWS_ENDPOINT_URL_S3'] = peer.url;
  process.env['BUCKET_NAME'] = bucket;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  delete process.env['AWS_ENDPOINT_URL_S3'];
  await peer.stop();
});

const xml = (status: number, code: string, message: string, headers: Record<string, string> = {}): Answer => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>r</RequestId></Error>`,
  headers: { 'content-type': 'application/xml', ...headers },
});

interface Outcome {
  name: string;
  attempts: number;
  errcode: number;
}

/** One PutObject through the SDK's client, then through ours, each meeting `answers` first. */
const bothMeet = async (answers: Answer[]): Promise<{ theirs: Outcome; ours: Outcome }> => {
  const client = sdkS3();
  const run = async (call: () => Promise<unknown>): Promise<Outcome> => {
    peer.script.splice(0, peer.script.length, ...answers);
    const before = peer.requests.length;
    const error = (await call().then(
      () => ({ name: 'succeeded' }),
      (e: unknown) => e,
    )) as Error;
    const errcode = error.name === 'succeeded' ? 0 : (JSON.parse(toErrorResponse(error, undefined, 'r1').body as string).errcode as number);
    return { name: error.name, attempts: peer.requests.length - before, errcode };
  };
  const theirs = await run(() => client.send(new PutObjectCommand({ Bucket: bucket, Key: 'staging/u/a.png', Body: Buffer.from('x'), ContentType: 'image/png' })));
  const ours = await run(() => putObject('staging/u/a.png', Buffer.from('x'), 'image/png'));
  return { theirs, ours };
};

/** One region of every partition in the SDK's own partition table (the file its endpoint rules read). */
const regionPerPartition = (): { partition: string; region: string }[] => {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('@aws-sdk/core/package.json')), 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const source = readFileSync(file, 'utf8');
  const info = JSON.parse(source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1)) as { partitions: { id: string; regions: Record<string, unknown> }[] };
  return info.partitions.map((p) => ({ partition: p.id, region: Object.keys(p.regions).find((r) => !r.startsWith(p.id)) ?? Object.keys(p.regions)[0]! }));
};

describe('endpoints in every partition, as the SDK resolves them', () => {
  const partitions = regionPerPartition();

  it('knows every partition the SDK knows, the European Sovereign Cloud among them', () => {
    expect(partitions.map((p) => p.partition)).toEqual(expect.arrayContaining(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']));
    expect(partitions.find((p) => p.partition === 'aws-eusc')!.region).toBe('eusc-de-east-1');
  });

  it.each(partitions)('$partition ($region): S3, KMS and Secrets Manager hosts equal the SDK endpoint rules', async ({ region: r }) => {
    // Prepare
    const s3 = new S3Client({ region: r, credentials });
    const kms = new KMSClient({ region: r, credentials });
    const sm = new SecretsManagerClient({ region: r, credentials });
    const url = (client: S3Client | KMSClient | SecretsManagerClient, params: Record<string, unknown>) =>
      String((client.config.endpointProvider({ Region: r, UseFIPS: false, UseDualStack: false, ...params } as never) as { url: URL }).url);

    // Act
    const ours = {
      s3: objectLocation(bucket, 'k', { region: r }).origin,
      kms: String(serviceEndpoint({ endpointPrefix: 'kms', envName: 'KMS' }, r, {})),
      sm: String(serviceEndpoint({ endpointPrefix: 'secretsmanager', envName: 'SECRETS_MANAGER' }, r, {})),
    };

    // Assess
    expect(ours).toEqual({
      s3: url(s3, { Bucket: bucket, ForcePathStyle: false, Accelerate: false, UseGlobalEndpoint: false }).replace(/\/$/, ''),
      kms: url(kms, {}),
      sm: url(sm, {}),
    });
  });

  it('puts eusc-de-east-1 on amazonaws.eu, where the old suffix rule said amazonaws.com', () => {
    expect(objectLocation(bucket, 'k', { region: 'eusc-de-east-1' }).host).toBe('bkt.s3.eusc-de-east-1.amazonaws.eu');
  });
});

describe('retries, as the SDK standard mode decides them', () => {
  it.each([
    { label: 'a 500 InternalError, three times: retried, then 50000', answers: [1, 2, 3].map(() => xml(500, 'InternalError', 'We encountered an internal error.')), attempts: 3 },
    { label: 'a 503 SlowDown, three times: retried, then 50300', answers: [1, 2, 3].map(() => xml(503, 'SlowDown', 'Please reduce your request rate.')), attempts: 3 },
    { label: 'a 501 NotImplemented: not retried (every 5xx used to be)', answers: [xml(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented.')], attempts: 1 },
    { label: 'a 403 AccessDenied: not retried', answers: [xml(403, 'AccessDenied', 'Access Denied')], attempts: 1 },
    { label: 'a reset, then success', answers: ['reset' as const], attempts: 2 },
  ])('$label', async ({ answers, attempts }) => {
    const { theirs, ours } = await bothMeet(answers);

    expect(ours.attempts).toBe(attempts);
    expect(ours).toEqual(theirs);
  });

  it('classes answers as the SDK does: 429 and SlowDown throttle, 500/502/503/504 are transient, 501 and 4xx are not retried', () => {
    expect(retryableOf(429, 'Unknown')).toEqual({ throttling: true });
    expect(retryableOf(400, 'ThrottlingException')).toEqual({ throttling: true });
    expect([500, 502, 503, 504].map((s) => retryableOf(s, 'Unknown'))).toEqual([1, 2, 3, 4].map(() => ({ throttling: false })));
    expect([501, 505, 400, 403].map((s) => retryableOf(s, 'Unknown'))).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('clock skew', () => {
  it("signs again with the service's time after RequestTimeTooSkewed, from the answer's Date header, as the SDK does", async () => {
    // Prepare: the bucket's clock is an hour ahead of ours (S3 allows 15 minutes).
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (RequestTimeTooSkewed, 403)
    const serverTime = new Date(Date.now() + 3_600_000);
    const skewed = xml(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', { date: serverTime.toUTCString() });
    const amzDate = (i: number) => peer.requests[i]!.headers['x-amz-date']!;
    const asTime = (d: string) => Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);

    // Act
    const { theirs, ours } = await bothMeet([skewed]);

    // Assess: two attempts each, the second dated by the bucket's clock.
    expect(ours).toEqual({ name: 'succeeded', attempts: 2, errcode: 0 });
    expect(ours).toEqual(theirs);
    expect(asTime(amzDate(1)) - Date.now()).toBeGreaterThan(3_500_000);
    expect(asTime(amzDate(3)) - Date.now()).toBeGreaterThan(3_500_000);
    expect(Math.abs(asTime(amzDate(2)) - Date.now())).toBeLessThan(60_000);
  });
});

describe('redirects', () => {
  it('never follows a 301 PermanentRedirect: one request, the error named as the SDK names it', async () => {
    // Prepare: the other host must never see the signed request.
    const elsewhere = await startJsonPeer();
    const moved = xml(301, 'PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', {
      location: `${elsewhere.url}/bkt/staging/u/a.png`,
    });

    // Act
    const { theirs, ours } = await bothMeet([moved]);
    await elsewhere.stop();

    // Assess
    expect(ours).toEqual({ name: 'PermanentRedirect', attempts: 1, errcode: 50000 });
    expect(ours).toEqual(theirs);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('what the SDK leaves to configuration', () => {
  const call = (headers: Record<string, string>, timeoutMs: number) =>
    signedFetch({
      signer: signerFor('s3', { uriEscapePath: false, applyChecksum: true }),
      target: targetOf(new URL(peer.url), '/bkt/k'),
      method: 'PUT',
      headers,
      body: 'x',
      label: 'S3',
      timeoutMs,
      failure: async (response) => new Error(`HTTP ${response.status}`),
    });

  it('gives up on an attempt that outlives its timeout and retries it', async () => {
    peer.script.push('hang');

    const response = await call({}, 300);

    expect(response.status).toBe(200);
    expect(peer.requests).toHaveLength(2);
  });

  it('reports a service still stalled after the retries as a timeout the API answers 50300 for', async () => {
    peer.script.push('hang', 'hang', 'hang');

    const error = (await call({}, 200).catch((e: unknown) => e)) as Error & { code: string };

    expect(error).toMatchObject({ name: 'S3TimeoutError', code: 'ETIMEDOUT' });
    expect(peer.requests).toHaveLength(3);
    expect(JSON.parse(toErrorResponse(error, undefined, 'r1').body as string)).toMatchObject({ errcode: 50300 });
  });

  it('throws a programming error as it is: not retried, not a connection error, answered 50000 not 50300', async () => {
    // Prepare: a header value fetch refuses before any byte is sent.
    const error = (await call({ 'x-amz-meta-bad': 'a\nb' }, 1_000).catch((e: unknown) => e)) as Error;

    // Assess
    expect(error.name).toBe('TypeError');
    expect(peer.requests).toHaveLength(0);
    expect(JSON.parse(toErrorResponse(error, undefined, 'r1').body as string)).toMatchObject({ errcode: 50000 });
  });
});
