import { Envelope, isSealed, type SecretContext } from '../security/envelope';
import { kmsKeyring, localKeyring } from '../security/keyrings';

/**
 * The data layer's seam to envelope encryption: entity modules seal secret fields on the way in
 * and open them on the way out, so callers keep seeing plaintext.
 *
 * Which keyring a container has comes from its environment: TENANT_KEY_ID (the KMS key; CDK sets it
 * only on functions granted to use the key) or TENANT_LOCAL_KEY (base64, 32 bytes: npm start and the
 * tests). A container with neither cannot read secrets: readers get the item without its secret
 * fields (listing a user's accounts needs none), writers of a secret fail (nothing is ever stored in
 * plain text).
 */
let cached: { config: string; envelope: Envelope | undefined } | undefined;

export const tenantEnvelope = (): Envelope | undefined => {
  const kmsKey = process.env['TENANT_KEY_ID'];
  const localKey = process.env['TENANT_LOCAL_KEY'];
  const config = `${kmsKey ?? ''}|${localKey ?? ''}`;
  if (cached?.config !== config) {
    const envelope = kmsKey
      ? new Envelope(kmsKeyring(kmsKey))
      : localKey
        ? new Envelope(localKeyring(Buffer.from(localKey, 'base64')))
        : undefined;
    cached = { config, envelope };
  }
  return cached.envelope;
};

export class NoTenantKeyError extends Error {
  override name = 'NoTenantKeyError';
  constructor() {
    super('this function has no tenant key (TENANT_KEY_ID or TENANT_LOCAL_KEY): it may not store secrets');
  }
}

export const sealSecret = (value: string, context: SecretContext): Promise<string> => {
  const envelope = tenantEnvelope();
  if (!envelope) return Promise.reject(new NoTenantKeyError());
  return envelope.seal(value, context);
};

/**
 * The plaintext of a stored value; undefined when this container has no key. A value stored before
 * encryption (not yet migrated) is returned as it is.
 */
export const openSecret = async (value: string, context: SecretContext): Promise<string | undefined> => {
  if (!isSealed(value)) return value;
  const envelope = tenantEnvelope();
  return envelope ? envelope.open(value, context) : undefined;
};

/** Seals the named fields of a record that are present (and not sealed already). */
export const sealFields = async <T extends object>(
  record: T,
  fields: readonly string[],
  contextOf: (field: string) => SecretContext,
): Promise<T> => {
  const out: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  await Promise.all(
    fields.map(async (field) => {
      const value = out[field];
      if (typeof value === 'string' && !isSealed(value)) out[field] = await sealSecret(value, contextOf(field));
    }),
  );
  return out as T;
};

/** Opens the named fields; without a key they are left out. */
export const openFields = async <T extends object>(
  record: T,
  fields: readonly string[],
  contextOf: (field: string) => SecretContext,
): Promise<T> => {
  const out: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  await Promise.all(
    fields.map(async (field) => {
      const value = out[field];
      if (typeof value !== 'string') return;
      const plain = await openSecret(value, contextOf(field));
      if (plain === undefined) delete out[field];
      else out[field] = plain;
    }),
  );
  return out as T;
};

/** Where each entity's secrets are: the migration and the tests read this. */
export const secretFields = {
  ACCOUNT: ['appsecret', 'callbackToken', 'encodingAesKey', 'authorizerRefreshToken', 'previousCallbackToken', 'previousEncodingAesKey'],
  TOKEN: ['value'],
  COMPONENT: ['ticket'],
} as const;

export const accountSecretContext = (appid: string) => (field: string): SecretContext => ({ entity: 'ACCOUNT', id: appid, field });
export const tokenSecretContext = (kind: string, appid: string): SecretContext => ({ entity: 'TOKEN', id: `${kind}#${appid}`, field: 'value' });
export const ticketSecretContext = (componentAppid: string): SecretContext => ({ entity: 'COMPONENT', id: componentAppid, field: 'ticket' });
