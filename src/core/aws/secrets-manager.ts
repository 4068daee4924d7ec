import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Secrets Manager's GetSecretValue through the SDK's own client (issue 29, item 4), with the one thing
 * Powertools Parameters gave us besides: a per-container cache with a maximum age (below).
 * Measured (docs/performance.md, "S3, KMS and Secrets Manager"): a cold function's first request
 * costs the same CPU through this client as through our JSON protocol on signed fetch (1.16× vs
 * 1.17× the floor, medians of 15), for about 10 KB more of bundle; nothing measured pays for
 * keeping a copy of its protocol, retries and endpoint rules. Parameters itself costs as much
 * (1.15×) and brings a cache that keeps nothing we need beyond `cachedFor`.
 */
let held: { endpoint: string | undefined; client: SecretsManagerClient } | undefined;

/**
 * One client per container, made on first use (only the functions that call WeChat read the
 * secret, on their first request). The endpoint override (AWS_ENDPOINT_URL_SECRETS_MANAGER: the local
 * stack's and the tests' stand-ins) is read each time, as it changes between tests but never in Lambda.
 */
const client = (): SecretsManagerClient => {
  const endpoint = process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'];
  if (!held || held.endpoint !== endpoint) held = { endpoint, client: new SecretsManagerClient({}) };
  return held.client;
};

/** The secret's current string value (`SecretString`); a binary secret is not one we store. */
export const getSecretString = async (secretId: string): Promise<string> => {
  const out = await client().send(new GetSecretValueCommand({ SecretId: secretId }));
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
