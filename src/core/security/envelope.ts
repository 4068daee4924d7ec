import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of tenant secrets (appsecrets, callback tokens, EncodingAESKeys, WeChat tokens
 * and tickets) stored in the table.
 *
 * A data key from a keyring (KMS in AWS, a local key on a laptop) encrypts each value with
 * AES-256-GCM; the encrypted data key travels with the value. The value's item and field (its
 * context) are the GCM additional data, so a ciphertext copied into another item or field does not
 * decrypt. Cost per container: one keyring call to make a data key, reused for a while (as the
 * Encryption SDK's caching materials manager does), one keyring call per distinct data key to read,
 * and decryption memoized by ciphertext, so a warm callback that reads the same account again
 * spends no keyring call and no AES work.
 *
 * Stored form: `szenc1:<keyring>:<encrypted data key>:<iv>:<ciphertext+tag>` (base64url parts).
 */
export interface DataKey {
  plaintext: Uint8Array;
  encrypted: Uint8Array;
}

/** Where data keys come from: KMS in AWS, a local key elsewhere. */
export interface Keyring {
  /** Written into each value; a value is only opened by a keyring of the same name. */
  readonly name: string;
  generateDataKey(): Promise<DataKey>;
  decryptDataKey(encrypted: Uint8Array): Promise<Uint8Array>;
}

/** What a value belongs to: the item and the field. */
export interface SecretContext {
  entity: string;
  id: string;
  field: string;
}

export interface EnvelopeOptions {
  /** How long one data key encrypts new values (ms). */
  dataKeyMaxAgeMs: number;
  /** How many values one data key encrypts at most. */
  dataKeyMaxUses: number;
  /** How many decrypted values (and data keys) a container remembers. */
  memoSize: number;
  now: () => number;
}

const defaults: EnvelopeOptions = { dataKeyMaxAgeMs: 5 * 60_000, dataKeyMaxUses: 10_000, memoSize: 2000, now: Date.now };

const prefix = 'szenc1';

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(`${prefix}:`);

const additionalData = (context: SecretContext): Buffer =>
  Buffer.from(['socialinzen', context.entity, context.id, context.field].join('\u001f'), 'utf8');

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

/** A small LRU: Map keeps insertion order; a hit moves the entry to the end. */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

interface CurrentKey {
  key: DataKey;
  createdAt: number;
  uses: number;
}

export class Envelope {
  private readonly options: EnvelopeOptions;
  private currentKey: CurrentKey | undefined;
  private generating: Promise<CurrentKey> | undefined;
  private readonly dataKeys: Memo<Promise<Uint8Array>>;
  private readonly values: Memo<string>;

  constructor(
    private readonly keyring: Keyring,
    options: Partial<EnvelopeOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
    this.dataKeys = new Memo(this.options.memoSize);
    this.values = new Memo(this.options.memoSize);
  }

  async seal(plaintext: string, context: SecretContext): Promise<string> {
    const { key } = await this.dataKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
    cipher.setAAD(additionalData(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const sealed = [prefix, this.keyring.name, Buffer.from(key.encrypted).toString('base64url'), iv.toString('base64url'), body.toString('base64url')].join(':');
    this.values.set(memoKey(sealed, context), plaintext);
    return sealed;
  }

  async open(sealed: string, context: SecretContext): Promise<string> {
    const memoized = this.values.get(memoKey(sealed, context));
    if (memoized !== undefined) return memoized;
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== prefix) throw new SecretDecryptionError('not a sealed value');
    const [, keyringName, edk, iv, body] = parts as [string, string, string, string, string];
    if (keyringName !== this.keyring.name) {
      throw new SecretDecryptionError(`sealed by the ${keyringName} keyring, this container has the ${this.keyring.name} keyring`);
    }
    const dataKey = await this.openDataKey(edk);
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < 16) throw new SecretDecryptionError('sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(additionalData(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const plaintext = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
      this.values.set(memoKey(sealed, context), plaintext);
      return plaintext;
    } catch {
      throw new SecretDecryptionError(`${context.entity} ${context.id} ${context.field}: does not decrypt (other key or other item)`);
    }
  }

  /** The container's current data key; a new one after maxAge or maxUses (one generation at a time). */
  private async dataKey(): Promise<CurrentKey> {
    const now = this.options.now();
    const current = this.currentKey;
    if (current && current.uses < this.options.dataKeyMaxUses && now - current.createdAt < this.options.dataKeyMaxAgeMs) {
      current.uses += 1;
      return current;
    }
    this.generating ??= this.freshKey(now)
      .then((fresh) => (this.currentKey = fresh))
      .finally(() => (this.generating = undefined));
    const fresh = await this.generating;
    fresh.uses += 1;
    return fresh;
  }

  private async freshKey(now: number): Promise<CurrentKey> {
    const key = await this.keyring.generateDataKey();
    const encoded = Buffer.from(key.encrypted).toString('base64url');
    this.dataKeys.set(encoded, Promise.resolve(key.plaintext));
    return { key, createdAt: now, uses: 0 };
  }

  private openDataKey(encoded: string): Promise<Uint8Array> {
    let pending = this.dataKeys.get(encoded);
    if (!pending) {
      pending = this.keyring.decryptDataKey(Buffer.from(encoded, 'base64url')).catch((error: unknown) => {
        this.dataKeys.delete(encoded);
        throw new SecretDecryptionError(`data key does not decrypt: ${error instanceof Error ? error.message : String(error)}`);
      });
      this.dataKeys.set(encoded, pending);
    }
    return pending;
  }
}

const memoKey = (sealed: string, context: SecretContext) => `${context.entity}\u001f${context.id}\u001f${context.field}\u001f${sealed}`;
