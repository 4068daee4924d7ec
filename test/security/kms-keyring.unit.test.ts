import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Envelope } from '../../src/core/security/envelope';
import { kmsEncryptionContext, kmsKeyring } from '../../src/core/security/keyrings';
import { kmsSimulation, signatureVerifies, startJsonPeer, type JsonPeer } from '../support/aws-json-peer';

/**
 * The KMS keyring (src/core/security/keyrings.ts over src/core/aws/kms.ts) wrapping and unwrapping data keys
 * against a KMS stand-in on 127.0.0.1 (test/support/aws-json-peer.ts: AES-GCM under its own key,
 * bound to the key id and the encryption context, as KMS binds them). The wire format itself is
 * compared with the SDK's KMS client in test/aws/json-protocol.unit.test.ts.
 */
const keyId = 'arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
let peer: JsonPeer;

beforeEach(async () => {
  peer = await startJsonPeer(kmsSimulation(keyId));
  process.env['AWS_ENDPOINT_URL_KMS'] = peer.url;
});

afterEach(async () => {
  delete process.env['AWS_ENDPOINT_URL_KMS'];
  await peer.stop();
});

describe('the KMS keyring', () => {
  it('wraps a fresh 256-bit data key under the key and unwraps it, with the tenant-secrets context', async () => {
    // Prepare
    const keyring = kmsKeyring(keyId);

    // Act
    const dataKey = await keyring.generateDataKey();
    const unwrapped = await keyring.decryptDataKey(dataKey.encrypted);

    // Assess
    expect(dataKey.plaintext).toHaveLength(32);
    expect(Buffer.from(unwrapped)).toEqual(Buffer.from(dataKey.plaintext));
    expect(peer.requests.map((r) => [r.headers['x-amz-target'], JSON.parse(r.body)])).toEqual([
      ['TrentService.GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...kmsEncryptionContext } }],
      ['TrentService.Decrypt', { KeyId: keyId, CiphertextBlob: Buffer.from(dataKey.encrypted).toString('base64'), EncryptionContext: { ...kmsEncryptionContext } }],
    ]);
    const credentials = { accessKeyId: process.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY']! };
    for (const request of peer.requests) expect(await signatureVerifies(request, credentials)).toBe(true);
  });

  it('seals and opens a tenant secret through the envelope, and a wrong key id cannot open it', async () => {
    // Prepare
    const context = { entity: 'account', id: 'wx123', field: 'appsecret' };
    const sealed = await new Envelope(kmsKeyring(keyId)).seal('app-secret-value', context);

    // Act
    const opened = await new Envelope(kmsKeyring(keyId)).open(sealed, context);
    const other = await new Envelope(kmsKeyring(`${keyId}-other`)).open(sealed, context).catch((e: unknown) => e);

    // Assess
    expect(opened).toBe('app-secret-value');
    expect(other).toBeInstanceOf(Error);
    expect(peer.requests.at(-1)?.headers['x-amz-target']).toBe('TrentService.Decrypt');
  });

  it('meets KMS refusing a tampered blob as InvalidCiphertextException, not retried', async () => {
    // Prepare
    const keyring = kmsKeyring(keyId);
    const { encrypted } = await keyring.generateDataKey();
    const tampered = Uint8Array.from(encrypted);
    tampered[20]! ^= 1;

    // Act
    const error = await keyring.decryptDataKey(tampered).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'InvalidCiphertextException', status: 400, $retryable: undefined });
    expect(peer.requests).toHaveLength(2);
  });
});
