/**
 * The pure parts of talking to S3 over its REST API (src/core/uploads/s3.ts does the I/O): where an
 * object lives, how its key is written in a URL, what an error answer says, and when to try again.
 */
import { targetOf, urlSuffix, type RequestTarget } from '../aws/endpoints';
import { retryableOf } from '../aws/retry';

/** One object's URL, split the way the SigV4 signer wants a request. */
export type ObjectLocation = RequestTarget;

/**
 * An object key as S3 wants it in the path: every byte outside RFC 3986's unreserved set
 * percent-encoded once (UTF-8), `/` kept. `encodeURIComponent` leaves `!'()*` alone, which S3's
 * canonical request does not; a space is %20 and a `+` is %2B (S3 would read a raw `+` as itself,
 * but the signature must name the same bytes the server decodes).
 */
export const encodeKey = (key: string): string => key.split('/').map(encodeComponent).join('/');

/** RFC 3986 percent-encoding of one component (`/` included), as SigV4's canonical form has it. */
export const encodeComponent = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A presigned request's query string (its parameters, encoded as they were signed). */
export const encodeQuery = (query: Record<string, string | string[] | null | undefined>): string =>
  Object.entries(query)
    .flatMap(([name, value]) => (value == null ? [] : (Array.isArray(value) ? value : [value]).map((v) => `${encodeComponent(name)}=${encodeComponent(v)}`)))
    .join('&');

/**
 * Where an object is: with an endpoint override (`AWS_ENDPOINT_URL_S3`, s3rver locally) path style,
 * `<endpoint>/<bucket>/<key>`; in AWS virtual-hosted on the bucket's regional host,
 * `https://<bucket>.s3.<region>.<the partition's DNS suffix>/<key>` (src/core/aws/endpoints.ts), the host the console's CloudFront `/staging/*`
 * behaviour forwards to (lib/console-site.ts). The stack's bucket name is generated (lowercase, no
 * dots), so it is always a valid TLS host name.
 */
export const objectLocation = (bucket: string, key: string, where: { endpoint?: string | undefined; region: string }): ObjectLocation => {
  const base = new URL(where.endpoint ? where.endpoint : `https://${bucket}.s3.${where.region}.${urlSuffix(where.region)}`);
  return targetOf(base, `${where.endpoint ? `/${bucket}` : ''}/${encodeKey(key)}`);
};

/** S3's error document: `<Error><Code>NoSuchKey</Code><Message>…</Message>…</Error>` (HEAD answers have none). */
export const parseS3Error = (status: number, body: string): { code: string; message: string } => {
  const field = (name: string) => body.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
  const code = field('Code') ?? (status === 404 ? 'NotFound' : status === 403 ? 'Forbidden' : status === 503 ? 'SlowDown' : `Http${status}`);
  return { code, message: field('Message') ?? `S3 answered HTTP ${status}` };
};

/** An S3 answer that is not a success, named by S3's code as the SDK names its errors. */
export class S3Error extends Error {
  readonly status: number;
  /** What the error mapper reads to answer 50300 (busy, repeat later), as for the SDK's throttling errors. */
  readonly $retryable: { throttling: boolean } | undefined;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = code;
    this.status = status;
    // As the SDK classes it: SlowDown (a bare 503 is named so above) and 429 throttle; 500/502/503/504 are transient.
    this.$retryable = retryableOf(status, code);
  }
}
