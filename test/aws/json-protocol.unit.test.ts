import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceEndpoint } from '../../src/core/aws/endpoints';
import { decrypt, generateDataKey } from '../../src/core/aws/kms';
import { parseJsonError } from '../../src/core/aws/service-error';
import { toErrorResponse } from '../../src/core/http/error-mapper';
import { authorizationOf, signatureVerifies, startJsonPeer, type Answer, type JsonPeer, type Recorded } from '../support/aws-json-peer';

/**
 * The JSON protocol caller (src/core/aws/json-protocol.ts) and the KMS operations on it (Secrets
 * Manager is read through the SDK's own client since issue 29's measurement: src/core/aws/secrets-manager.ts), against the AWS SDK's own clients as the oracle of the wire format: both send the same
 * operation to one recording peer on 127.0.0.1 (test/support/aws-json-peer.ts), and both read the
 * same canned answers (KMS's documented success and error answers, throttling, a 500, a reset
 * connection). There is no KMS or Secrets Manager on this machine to ask instead.
 */
const credentials = { accessKeyId: process.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY']! };
const region = 'us-east-1';
const keyId = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const context = { service: 'socialinzen', purpose: 'tenant-secrets' };

let peer: JsonPeer;
const clients: { destroy(): void }[] = [];
const sdkKms = () => {
  const client = new KMSClient({ endpoint: peer.url, region, credentials });
  clients.push(client);
  return client;
};

beforeEach(async () => {
  peer = await startJsonPeer();
  process.env['AWS_ENDPOINT_URL_KMS'] = peer.url;
  process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'] = peer.url;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  delete process.env['AWS_ENDPOINT_URL_KMS'];
  delete process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'];
  await peer.stop();
});

/** What must agree between the SDK's request and ours: everything the service reads. */
const wireOf = (request: Recorded) => {
  const auth = authorizationOf(request);
  return {
    method: request.method,
    path: request.path,
    target: request.headers['x-amz-target'],
    contentType: request.headers['content-type'],
    body: JSON.parse(request.body) as unknown,
    scope: [auth.accessKeyId, auth.region, auth.service],
  };
};

const json = (status: number, body: object, headers?: Record<string, string>): Answer => ({ status, body: JSON.stringify(body), ...(headers ? { headers } : {}) });

describe('requests, compared with the SDK clients', () => {
  it('sends GenerateDataKey as KMSClient does: POST /, TrentService target, the same JSON, a signature that verifies', async () => {
    // Prepare
    const answer = json(200, { KeyId: keyId, Plaintext: Buffer.alloc(32, 1).toString('base64'), CiphertextBlob: Buffer.alloc(184, 2).toString('base64') });
    peer.script.push(answer, answer);
    const input = { KeyId: keyId, KeySpec: 'AES_256' as const, EncryptionContext: context };

    // Act
    const theirs = await sdkKms().send(new GenerateDataKeyCommand(input));
    const ours = await generateDataKey(input);

    // Assess
    const [sdk, own] = peer.requests;
    expect(wireOf(own!)).toEqual(wireOf(sdk!));
    expect(wireOf(own!)).toMatchObject({ method: 'POST', path: '/', target: 'TrentService.GenerateDataKey', contentType: 'application/x-amz-json-1.1', scope: [credentials.accessKeyId, region, 'kms'] });
    expect(await signatureVerifies(sdk!, credentials)).toBe(true);
    expect(await signatureVerifies(own!, credentials)).toBe(true);
    expect(Buffer.from(ours.Plaintext)).toEqual(Buffer.from(theirs.Plaintext!));
    expect(Buffer.from(ours.CiphertextBlob)).toEqual(Buffer.from(theirs.CiphertextBlob!));
  });

  it('sends Decrypt with the blob in base64, as KMSClient does, and reads the key back the same', async () => {
    // Prepare
    const blob = Uint8Array.from({ length: 184 }, (_, i) => (i * 7) % 256);
    const answer = json(200, { KeyId: keyId, Plaintext: Buffer.alloc(32, 9).toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    peer.script.push(answer, answer);

    // Act
    const theirs = await sdkKms().send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, EncryptionContext: context }));
    const ours = await decrypt({ KeyId: keyId, CiphertextBlob: blob, EncryptionContext: context });

    // Assess
    const [sdk, own] = peer.requests;
    expect(wireOf(own!)).toEqual(wireOf(sdk!));
    expect(wireOf(own!).body).toEqual({ KeyId: keyId, CiphertextBlob: Buffer.from(blob).toString('base64'), EncryptionContext: context });
    expect(await signatureVerifies(own!, credentials)).toBe(true);
    expect(Buffer.from(ours.Plaintext)).toEqual(Buffer.from(theirs.Plaintext!));
  });

  it('answers for the same endpoints as the SDK: regional, China, and the AWS_ENDPOINT_URL overrides', async () => {
    // Prepare
    const kms = { endpointPrefix: 'kms', envName: 'KMS' };
    const secrets = { endpointPrefix: 'secretsmanager', envName: 'SECRETS_MANAGER' };
    const sdkUrl = async (client: KMSClient | SecretsManagerClient, Region: string) =>
      String((client.config.endpointProvider({ Region, UseFIPS: false, UseDualStack: false }) as { url: URL }).url);

    // Act, Assess
    for (const r of ['us-east-1', 'eu-west-1', 'cn-north-1', 'cn-northwest-1']) {
      expect(String(serviceEndpoint(kms, r, {}))).toBe(await sdkUrl(new KMSClient({ region: r, credentials }), r));
      expect(String(serviceEndpoint(secrets, r, {}))).toBe(await sdkUrl(new SecretsManagerClient({ region: r, credentials }), r));
    }
    expect(String(serviceEndpoint(kms, region, { AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:1/', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }))).toBe('http://127.0.0.1:1/');
    expect(String(serviceEndpoint(secrets, region, { AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }))).toBe('http://127.0.0.1:2/');
    expect(String(serviceEndpoint(kms, region, { AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }))).toBe('https://kms.us-east-1.amazonaws.com/');
  });
});

interface Outcome {
  name: string;
  message: string;
  attempts: number;
  answer: { statusCode: number; errcode: number };
}

/** One failing call, its error, how many times it was sent, and what the API would answer for it (src/core/http/error-mapper.ts). */
const outcomeOf = async (call: () => Promise<unknown>, answers: Answer[]): Promise<Outcome> => {
  peer.script.splice(0, peer.script.length, ...answers);
  const before = peer.requests.length;
  const error = (await call().then(
    () => new Error('succeeded'),
    (e: unknown) => e,
  )) as Error;
  const response = toErrorResponse(error, undefined, 'r1');
  return {
    name: error.name,
    message: error.message,
    attempts: peer.requests.length - before,
    answer: { statusCode: response.statusCode as number, errcode: JSON.parse(response.body as string).errcode as number },
  };
};

describe('error answers, read as the SDK reads them', () => {
  const three = (answer: Answer) => [answer, answer, answer];
  const cases: { label: string; answers: Answer[]; expected: Partial<Outcome>; sdkAnswer?: Outcome['answer'] }[] = [
    {
      label: 'AccessDeniedException (not retried, 50000)',
      answers: [json(400, { __type: 'AccessDeniedException', message: 'User: arn:aws:sts::111122223333:assumed-role/fn is not authorized to perform: kms:GenerateDataKey' })],
      expected: { name: 'AccessDeniedException', attempts: 1, answer: { statusCode: 500, errcode: 50000 } },
    },
    {
      label: 'KMSInvalidStateException (not retried)',
      answers: [json(400, { __type: 'KMSInvalidStateException', message: `${keyId} is pending deletion.` })],
      expected: { name: 'KMSInvalidStateException', attempts: 1 },
    },
    {
      label: 'a namespaced type and a capitalised Message',
      answers: [json(400, { __type: 'com.amazonaws.kms#NotFoundException', Message: 'Key does not exist' })],
      expected: { name: 'NotFoundException', message: 'Key does not exist', attempts: 1 },
    },
    {
      label: 'the type in x-amzn-errortype only',
      answers: [json(400, {}, { 'x-amzn-errortype': 'DisabledException:http://internal.amazon.com/coral/com.amazonaws.kms/' })],
      expected: { name: 'DisabledException', attempts: 1 },
    },
    {
      label: 'ThrottlingException on a 400, three times (retried, then 50300)',
      answers: three(json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' })),
      expected: { name: 'ThrottlingException', attempts: 3, answer: { statusCode: 503, errcode: 50300 } },
    },
    {
      // The SDK retries a 429 as throttling but throws an `Unknown` error that carries no mark of
      // it, so the API would answer 50000; ours keeps the throttling mark and answers 50300.
      label: 'a 429 without a type (retried as throttling, then 50300 where the SDK error gives 50000)',
      answers: three({ status: 429, body: '' }),
      expected: { name: 'Unknown', attempts: 3, answer: { statusCode: 503, errcode: 50300 } },
      sdkAnswer: { statusCode: 500, errcode: 50000 },
    },
    {
      label: 'KMSInternalException on a 500, three times (retried)',
      answers: three(json(500, { __type: 'KMSInternalException', message: 'internal' })),
      expected: { name: 'KMSInternalException', attempts: 3 },
    },
    {
      label: 'a connection reset three times (retried, then 50300)',
      answers: ['reset', 'reset', 'reset'],
      expected: { attempts: 3, answer: { statusCode: 503, errcode: 50300 } },
    },
  ];

  it.each(cases)('$label', async ({ answers, expected, sdkAnswer }) => {
    // Prepare
    const input = { KeyId: keyId, KeySpec: 'AES_256' as const, EncryptionContext: context };
    const client = sdkKms();

    // Act
    const theirs = await outcomeOf(() => client.send(new GenerateDataKeyCommand(input)), answers);
    const ours = await outcomeOf(() => generateDataKey(input), answers);

    // Assess
    expect(ours).toMatchObject(expected);
    expect({ attempts: ours.attempts, answer: sdkAnswer ?? ours.answer }).toEqual({ attempts: theirs.attempts, answer: theirs.answer });
    if (answers[0] !== 'reset') expect(ours.name).toBe(theirs.name);
    if (answers[0] !== 'reset' && !theirs.message.startsWith('Unknown')) expect(ours.message).toBe(theirs.message);
  });

  it('recovers when the second attempt succeeds, as the SDK does', async () => {
    // Prepare
    const ok = json(200, { KeyId: keyId, Plaintext: Buffer.alloc(32, 3).toString('base64'), CiphertextBlob: Buffer.alloc(8, 4).toString('base64') });
    peer.script.push(json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }), ok, 'reset', ok);

    // Act
    const theirs = await sdkKms().send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
    const ours = await generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context });

    // Assess
    expect(peer.requests).toHaveLength(4);
    expect(Buffer.from(ours.Plaintext)).toEqual(Buffer.from(theirs.Plaintext!));
  });

  it('cleans error types and names a bodiless answer Unknown, as loadJsonRpcErrorCode does', () => {
    expect(parseJsonError(400, '{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"m"}', null)).toEqual({ code: 'ExpiredTokenException', message: 'm' });
    expect(parseJsonError(400, '{"code":"ValidationException"}', 'Other')).toMatchObject({ code: 'ValidationException' });
    expect(parseJsonError(502, '<html>Bad Gateway</html>', null)).toMatchObject({ code: 'Unknown' });
  });
});
