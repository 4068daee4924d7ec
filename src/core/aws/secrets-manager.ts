import { callJson, type JsonService } from './json-protocol';

/**
 * Secrets Manager's GetSecretValue over the JSON protocol (src/core/aws/json-protocol.ts), instead of
 * Powertools Parameters and `@aws-sdk/client-secrets-manager`, with the one thing Parameters gave
 * us: a per-container cache with a maximum age.
 */
const secretsManager: JsonService = {
  signingName: 'secretsmanager',
  endpointPrefix: 'secretsmanager',
  targetPrefix: 'secretsmanager',
  envName: 'SECRETS_MANAGER',
  label: 'SecretsManager',
};

/** The secret's current string value (`SecretString`); a binary secret is not one we store. */
export const getSecretString = async (secretId: string): Promise<string> => {
  const out = await callJson<{ SecretString?: string }>(secretsManager, 'GetSecretValue', { SecretId: secretId });
  if (typeof out.SecretString !== 'string') throw new Error(`secret ${secretId} has no SecretString`);
  return out.SecretString;
};

/**
 * A value read at most once per `maxAgeMs` (counted from when a read finished), as Powertools
 * Parameters caches: a read that fails is not kept (the next caller reads again), and callers that
 * arrive while a read is under way share it.
 */
export const cachedFor = <T>(read: () => Promise<T>, maxAgeMs: number, now: () => number = Date.now): (() => Promise<T>) => {
  let held: { value: Promise<T>; until: number } | undefined;
  return () => {
    if (held && now() < held.until) return held.value;
    const entry = { value: read(), until: Number.POSITIVE_INFINITY };
    held = entry;
    entry.value.then(
      () => {
        entry.until = now() + maxAgeMs;
      },
      () => {
        if (held === entry) held = undefined;
      },
    );
    return entry.value;
  };
};
