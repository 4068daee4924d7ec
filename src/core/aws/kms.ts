import { callJson, type JsonService } from './json-protocol';

/**
 * The two KMS operations the tenant-secret keyring uses (src/core/security/keyrings.ts), over the JSON
 * protocol (src/core/aws/json-protocol.ts) instead of `@aws-sdk/client-kms`. Blobs are base64 on the
 * wire, bytes here.
 */
const kms: JsonService = { signingName: 'kms', endpointPrefix: 'kms', targetPrefix: 'TrentService', envName: 'KMS', label: 'KMS' };

const bytes = (base64: unknown, what: string): Uint8Array => {
  if (typeof base64 !== 'string' || base64 === '') throw new Error(`KMS answered no ${what}`);
  return Buffer.from(base64, 'base64');
};

export const generateDataKey = async (input: {
  KeyId: string;
  KeySpec: 'AES_256';
  EncryptionContext: Record<string, string>;
}): Promise<{ Plaintext: Uint8Array; CiphertextBlob: Uint8Array }> => {
  const out = await callJson<{ Plaintext?: string; CiphertextBlob?: string }>(kms, 'GenerateDataKey', input);
  return { Plaintext: bytes(out.Plaintext, 'Plaintext'), CiphertextBlob: bytes(out.CiphertextBlob, 'CiphertextBlob') };
};

export const decrypt = async (input: {
  KeyId: string;
  CiphertextBlob: Uint8Array;
  EncryptionContext: Record<string, string>;
}): Promise<{ Plaintext: Uint8Array }> => {
  const out = await callJson<{ Plaintext?: string }>(kms, 'Decrypt', {
    ...input,
    CiphertextBlob: Buffer.from(input.CiphertextBlob).toString('base64'),
  });
  return { Plaintext: bytes(out.Plaintext, 'Plaintext') };
};
