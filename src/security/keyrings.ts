import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKey, Keyring } from './envelope';

/**
 * The two keyrings of the envelope. Both make a fresh 256-bit data key per generation and wrap it;
 * they differ only in who holds the key that wraps it.
 */

/** Bound to every KMS data key; the key policy requires it (see lib/tenant-key.ts). */
export const kmsEncryptionContext = { service: 'socialinzen', purpose: 'tenant-secrets' } as const;

/**
 * KMS (in AWS): GenerateDataKey / Decrypt under the customer-managed key. The KMS client is loaded
 * on first use, so a function that never touches a secret never loads it.
 */
export const kmsKeyring = (keyId: string): Keyring => {
  let loaded: Promise<{ kms: typeof import('@aws-sdk/client-kms'); client: import('@aws-sdk/client-kms').KMSClient }> | undefined;
  const load = () =>
    (loaded ??= import('@aws-sdk/client-kms').then((kms) => ({ kms, client: new kms.KMSClient({}) })));
  return {
    name: 'kms',
    async generateDataKey(): Promise<DataKey> {
      const { kms, client } = await load();
      const out = await client.send(
        new kms.GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...kmsEncryptionContext } }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey answered no key');
      return { plaintext: out.Plaintext, encrypted: out.CiphertextBlob };
    },
    async decryptDataKey(encrypted: Uint8Array): Promise<Uint8Array> {
      const { kms, client } = await load();
      const out = await client.send(
        new kms.DecryptCommand({ KeyId: keyId, CiphertextBlob: encrypted, EncryptionContext: { ...kmsEncryptionContext } }),
      );
      if (!out.Plaintext) throw new Error('KMS Decrypt answered no key');
      return out.Plaintext;
    },
  };
};

const localWrapAad = Buffer.from('socialinzen-local-keyring', 'utf8');

/**
 * A local master key (npm start keeps one under the data dir; the tests use a fixed one). Data keys
 * are wrapped with AES-256-GCM under it: a wrong master key fails the tag check.
 */
export const localKeyring = (masterKey: Uint8Array): Keyring => {
  if (masterKey.length !== 32) throw new Error('the local tenant key must be 32 bytes (base64 in TENANT_LOCAL_KEY)');
  return {
    name: 'local',
    async generateDataKey(): Promise<DataKey> {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(localWrapAad);
      const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { plaintext, encrypted: wrapped };
    },
    async decryptDataKey(encrypted: Uint8Array): Promise<Uint8Array> {
      const bytes = Buffer.from(encrypted);
      const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, 12));
      decipher.setAAD(localWrapAad);
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
    },
  };
};
