import { SignatureV4 } from '@smithy/signature-v4';
import { db } from '../data/client';
import type { RequestTarget } from './endpoints';
import { retryAfterHint, retryErrorType, retryStrategyFor } from './retry';

/**
 * AWS requests signed with the SDK's own SigV4 signer and sent with Node's fetch: what the S3
 * client (src/core/uploads/s3.ts) and the JSON protocol of KMS and Secrets Manager
 * (src/core/aws/json-protocol.ts) share instead of an SDK client each (docs/performance.md: every SDK
 * client is bytes V8 parses at every cold start, and the first request through the KMS client cost
 * more). The signer is already in every bundle (the DynamoDB client signs with it), and so are the
 * credentials, region and hash used here: the document client's own resolved ones (the SDK's
 * default chain, Lambda's session token included), resolved and refreshed in one place. Retries are
 * the SDK's StandardRetryStrategy (src/core/aws/retry.ts); the clock-skew correction is the SDK's
 * (AwsSdkSigV4Signer's success and error handlers), re-stated below because the SDK does not export
 * it outside a client.
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

/**
 * The service's clock minus ours, per service (as each SDK client keeps `systemClockOffset`):
 * learnt from the Date header of every answer, so a container whose clock drifted signs with the
 * service's time (S3 refuses a signature more than 15 minutes off with RequestTimeTooSkewed).
 */
const clockOffsets = new Map<string, number>();

/** The date to sign with for a service: ours corrected by what its answers said. */
export const signingDateFor = (label: string): Date => new Date(Date.now() + (clockOffsets.get(label) ?? 0));

/**
 * The SDK's getUpdatedSystemClockOffset: the server's Date minus now, unless a cache answered (Age)
 * or the answer took over 15 minutes.
 */
const learnClock = (label: string, response: Response, sentAt: number): number => {
  const current = clockOffsets.get(label) ?? 0;
  const date = response.headers.get('date');
  if (!date || response.headers.get('age') !== null) return current;
  const serverTime = Date.parse(date);
  const now = Date.now();
  if (Number.isNaN(serverTime) || now - sentAt > 900_000) return current;
  clockOffsets.set(label, serverTime - now);
  return serverTime - now;
};

/** What a failed answer becomes: `$retryable` set = worth another attempt (throttling: the longer wait). */
export type RetryableError = Error & {
  $retryable?: { throttling?: boolean } | undefined;
  $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean };
};

/**
 * Errors of fetch that are the network's, not ours: the SDK's Node.js timeout and network codes, and
 * undici's own for a socket closed or a connect that timed out. Anything else fetch throws (an
 * invalid header, a bad URL, a body it cannot send) is a programming error: thrown as it is, never
 * retried, and never reported to a user as "busy".
 */
const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** undici's codes in the words of Node's sockets, which the SDK's classifiers and our error mapper know. */
const asSocketCode: Record<string, string> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
};

const networkCodeOf = (error: unknown): string | undefined => {
  for (let e = error as { code?: unknown; cause?: unknown; name?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === 'TimeoutError') return 'ETIMEDOUT';
    if (typeof e.code === 'string' && networkCodes.has(e.code)) return asSocketCode[e.code] ?? e.code;
  }
  return undefined;
};

/**
 * A connection that failed before the service answered, or a request that outlived its timeout
 * (ETIMEDOUT): the error mapper answers 50300 for these codes. `code` is the socket's (ECONNRESET,
 * ECONNREFUSED…) or undici's (UND_ERR_SOCKET, "other side closed"). `undefined` when the failure is
 * not the network's (see networkCodes).
 */
export const connectionError = (label: string, method: string, error: unknown) => {
  const code = networkCodeOf(error);
  if (code === undefined) return undefined;
  const cause = (error as { cause?: { message?: string } }).cause;
  return Object.assign(new Error(`${label} ${method} failed: ${cause?.message ?? (error as Error).message}`, { cause: error }), {
    name: code === 'ETIMEDOUT' ? `${label}TimeoutError` : `${label}ConnectionError`,
    code,
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
  /** Names the service in connection errors (`S3` → S3ConnectionError) and keys its retry strategy and clock. */
  label: string;
  /** Each attempt's limit, answer and body included; past it the attempt counts as a timeout (retried). */
  timeoutMs: number;
  /** Reads a non-success answer into the error to throw (or retry, when the SDK's classifiers say so). */
  failure: (response: Response) => Promise<RetryableError>;
}

/**
 * One signed request, retried as the SDK's standard mode retries (StandardRetryStrategy: 3 attempts,
 * its token bucket and backoff, Retry-After as a hint), re-signed each time (the signature is dated,
 * with the corrected clock). Redirects are answers, never followed (an S3 301 PermanentRedirect is
 * an error, as the SDK throws it: following it would send the signed request to another host). A
 * non-success that is not retried, or still failing, is thrown as `failure` reads it; the response
 * returned is read in full before the timeout ends.
 */
export const signedFetch = async (call: SignedCall): Promise<Response> => {
  const { signer, target, method, headers, body, label, failure, timeoutMs, query = {} } = call;
  const search = Object.entries(query)
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  const strategy = retryStrategyFor(label);
  let token = await strategy.acquireInitialRetryToken(label);
  for (;;) {
    const offsetBefore = clockOffsets.get(label) ?? 0;
    const signed = await signer.sign(requestOf(target, method, headers, body, query), { signingDate: signingDateFor(label) });
    // fetch sends the host it connects to, which is the one signed.
    const { host: _host, ...wire } = signed.headers;
    const sentAt = Date.now();
    let error: RetryableError;
    let hint: Date | undefined;
    try {
      const response = await fetch(`${target.origin}${target.path}${search ? `?${search}` : ''}`, {
        method,
        headers: wire,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        ...(body === undefined ? {} : { body }),
      });
      const offset = learnClock(label, response, sentAt);
      if (response.ok) {
        // Read within the attempt's timeout, so a body that stalls is retried like a stalled answer.
        const bytes = await response.arrayBuffer();
        strategy.recordSuccess(token);
        const bodiless = method === 'HEAD' || [204, 205, 304].includes(response.status);
        return new Response(bodiless ? null : bytes, { status: response.status, headers: response.headers });
      }
      error = await failure(response);
      error.$metadata = { ...error.$metadata, httpStatusCode: response.status };
      // As AwsSdkSigV4Signer's error handler: an answer that moved our clock 4 minutes or more is worth signing again.
      if (Math.abs(offset) >= 240_000 && offset !== offsetBefore) error.$metadata.clockSkewCorrected = true;
      hint = retryAfterHint(response.headers.get('retry-after') ?? response.headers.get('x-amz-retry-after'));
    } catch (thrown) {
      const network = connectionError(label, method, thrown);
      if (!network) throw thrown;
      error = network;
    }
    try {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType: retryErrorType(error), ...(hint ? { retryAfterHint: hint } : {}) } as never);
    } catch {
      throw error;
    }
    const delay = token.getRetryDelay();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
};
