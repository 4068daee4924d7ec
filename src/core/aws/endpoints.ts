import { partition } from '@aws-sdk/core/client';

/**
 * Where an AWS service answers, resolved as the SDK resolves it for the plain regional case: the
 * endpoint override from the environment first (`AWS_ENDPOINT_URL_<SERVICE>`, then
 * `AWS_ENDPOINT_URL`: the local stack and the tests point clients at their peers with these), else
 * `https://<prefix>.<region>.<the partition's DNS suffix>`. No FIPS or dual-stack variants: the
 * stack uses neither.
 */

/**
 * AWS's domain for a region (CDK's `Aws.URL_SUFFIX`), from the SDK's own partition table
 * (`@aws-sdk/core/client`'s `partition`, what every client's endpoint rules read, already in every
 * bundle): `amazonaws.com`, `.com.cn` in China, `amazonaws.eu` in the European Sovereign Cloud,
 * the ISO partitions' own; a region of no known partition falls in `aws`, as in the SDK.
 */
export const urlSuffix = (region: string): string => partition(region).dnsSuffix;

/** One request's URL, split the way the SigV4 signer wants a request. */
export interface RequestTarget {
  protocol: string;
  hostname: string;
  port: number | undefined;
  /** `host` as sent on the wire (with the port when it is not the default). */
  host: string;
  /** The URI-encoded path, as signed and as sent. */
  path: string;
  origin: string;
}

/** The target of `path` (already encoded) under a base URL, keeping the base's own path. */
export const targetOf = (base: URL, path: string): RequestTarget => ({
  protocol: base.protocol,
  hostname: base.hostname,
  port: base.port ? Number(base.port) : undefined,
  host: base.host,
  path: `${base.pathname.replace(/\/+$/, '')}${path}`,
  origin: base.origin,
});

/**
 * A service's endpoint. `envName` is the SDK's service id in capitals with `_` for spaces (`KMS`,
 * `SECRETS_MANAGER`); `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` turns the overrides off, as in the SDK.
 */
export const serviceEndpoint = (
  service: { endpointPrefix: string; envName: string },
  region: string,
  env: Record<string, string | undefined> = process.env,
): URL => {
  const ignore = env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] === 'true';
  const configured = ignore ? undefined : env[`AWS_ENDPOINT_URL_${service.envName}`] || env['AWS_ENDPOINT_URL'];
  return new URL(configured || `https://${service.endpointPrefix}.${region}.${urlSuffix(region)}`);
};
