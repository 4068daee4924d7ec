import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decrypt, generateDataKey } from '../aws/kms';
import type { DataKey, Keyring } from './envelope';

/**
 * The two keyrings of the envelope. Both make a fresh 256-bit data key per generation and wrap it;
 * they differ only in who holds the key that wraps it.
 */

/** Bound to every KMS data key; the key policy requires it (see lib/tenant-key.ts). */
export const kmsEncryptionContext = { service: 'socialinzen', purpose: 'tenant-secrets' } as const;

/**
 * KMS (in AWS): GenerateDataKey / Decrypt under the customer-managed key, over KMS's JSON protocol
 * (src/core/aws/kms.ts; not the SDK's KMS client, 66 KB parsed at every cold start: README, "Cold start").
 */
export const kmsKeyring = (keyId: string): Keyring => ({
  name: 'kms',
  async generateDataKey(): Promise<DataKey> {
    const out = await generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...kmsEncryptionContext } });
    return { plaintext: out.Plaintext, encrypted: out.CiphertextBlob };
  },
  async decryptDataKey(encrypted: Uint8Array): Promise<Uint8Array> {
    const out = await decrypt({ KeyId: keyId, CiphertextBlob: encrypted, EncryptionContext: { ...kmsEncryptionContext } });
    return out.Plaintext;
  },
});

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
