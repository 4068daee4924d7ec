import { SignatureV4 } from '@smithy/signature-v4';
import { db } from '../data/client';
import type { RequestTarget } from './endpoints';
import { backoffMs, maxAttempts, sleep } from './retry';

/**
 * AWS requests signed with the SDK's own SigV4 signer and sent with Node's fetch: what the S3
 * client (src/core/uploads/s3.ts) and the JSON protocol of KMS and Secrets Manager
 * (src/core/aws/json-protocol.ts) share instead of an SDK client each (README, "Cold start": every SDK
 * client is bytes V8 parses at every cold start). The signer is already in every bundle (the
 * DynamoDB client signs with it), and so are the credentials, region and hash used here: the
 * document client's own resolved ones (the SDK's default chain, Lambda's session token included),
 * resolved and refreshed in one place.
 */
const aws = db.config;

/** The region the document client resolved (AWS_REGION in Lambda). */
export const awsRegion = (): Promise<string> => aws.region();

/** A SigV4 signer for one service, on the document client's credentials. */
export const signerFor = (service: string, options: { uriEscapePath?: boolean; applyChecksum?: boolean } = {}) =>
  new SignatureV4({ service, region: aws.region, credentials: aws.credentials, sha256: aws.sha256, ...options });

const rfc3986 = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A request in the shape the signer takes. */
export const requestOf = (target: RequestTarget, method: string, headers: Record<string, string>, body?: Uint8Array | string, query: Record<string, string> = {}) => ({
  method,
  protocol: target.protocol,
  hostname: target.hostname,
  ...(target.port === undefined ? {} : { port: target.port }),
  path: target.path,
  query,
  headers: { host: target.host, ...headers },
  ...(body === undefined ? {} : { body }),
});

/** What a failed answer becomes: `$retryable` set = worth another attempt (throttling: the longer wait). */
export type RetryableError = Error & { $retryable?: { throttling?: boolean } | undefined };

/**
 * A connection that failed before the service answered, after the retries (the error mapper answers
 * 50300 for these codes). `code` is the socket's (ECONNRESET, ECONNREFUSED…) or fetch's
 * (UND_ERR_SOCKET, "other side closed").
 */
export const connectionError = (label: string, method: string, error: unknown) => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return Object.assign(new Error(`${label} ${method} failed: ${cause?.message ?? (error as Error).message}`, { cause: error }), {
    name: `${label}ConnectionError`,
    code: cause?.code ?? 'ECONNRESET',
  });
};

export interface SignedCall {
  signer: SignatureV4;
  target: RequestTarget;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** Query parameters (signed, and sent RFC 3986-encoded as the signer encodes them). */
  query?: Record<string, string>;
  /** Names the service in connection errors (`S3` → S3ConnectionError). */
  label: string;
  /** Reads a non-success answer into the error to throw (or retry, when it has `$retryable`). */
  failure: (response: Response) => Promise<RetryableError>;
}

/**
 * One signed request, tried up to 3 times (the SDK's standard mode): again after a broken
 * connection or an answer whose error is `$retryable`, with jittered backoff; re-signed each time
 * (the signature is dated). A non-success that is not retried, or still failing, is thrown as
 * `failure` reads it.
 */
export const signedFetch = async (call: SignedCall): Promise<Response> => {
  const { signer, target, method, headers, body, label, failure, query = {} } = call;
  const search = Object.entries(query)
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  for (let attempt = 1; ; attempt++) {
    const signed = await signer.sign(requestOf(target, method, headers, body, query));
    // fetch sends the host it connects to, which is the one signed.
    const { host: _host, ...wire } = signed.headers;
    let response: Response;
    try {
      response = await fetch(`${target.origin}${target.path}${search ? `?${search}` : ''}`, { method, headers: wire, ...(body === undefined ? {} : { body }) });
    } catch (error) {
      if (attempt >= maxAttempts) throw connectionError(label, method, error);
      await sleep(backoffMs(attempt, false));
      continue;
    }
    if (response.ok) return response;
    const error = await failure(response);
    if (error.$retryable === undefined || attempt >= maxAttempts) throw error;
    await sleep(backoffMs(attempt, error.$retryable.throttling ?? false));
  }
};
