import { isServerError, isThrottlingError, isTransientError, StandardRetryStrategy } from '@smithy/core/retry';

/**
 * Whether and when to send an AWS request again, decided by the SDK's own standard retry mode
 * (`@smithy/core/retry`, formerly `@smithy/util-retry`: its StandardRetryStrategy with the token
 * bucket, backoff and attempt count of the SDK clients, and its error classifiers), so the fetch
 * callers (S3's REST API, the JSON protocol of KMS and Secrets Manager) retry exactly where the SDK
 * clients retry and wait as long. The strategy and classifiers are already in every bundle (the
 * DynamoDB client retries with them): nothing here is a copy.
 */

/** What the SDK's classifiers read from an error. */
interface Classifiable {
  name: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean };
  $retryable?: { throttling?: boolean };
  code?: string;
  cause?: unknown;
}

/** The SDK's retry error type of a failure (what StandardRetryStrategy decides on). */
export const retryErrorType = (error: Classifiable): 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR' => {
  if (isThrottlingError(error as never)) return 'THROTTLING';
  if (isTransientError(error as never)) return 'TRANSIENT';
  if (isServerError(error as never)) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
};

/**
 * How the SDK's standard mode classes a service's error answer: throttling (by name or a 429),
 * transient (by name, or a 500/502/503/504: a 501 or 505 is not retried), or not to be retried
 * (`undefined`). The result is the error's `$retryable`, which the error mapper reads
 * (src/core/http/error-mapper.ts: throttling answers 50300) and the stream consumer too
 * (src/records/consume.ts: worth delivering the record again).
 */
export const retryableOf = (status: number, code: string): { throttling: boolean } | undefined => {
  const error = { name: code, $metadata: status ? { httpStatusCode: status } : {} };
  if (isThrottlingError(error as never)) return { throttling: true };
  if (isTransientError(error as never)) return { throttling: false };
  return undefined;
};

/** One retry strategy per service, as each SDK client holds its own (its token bucket is per client). */
const strategies = new Map<string, StandardRetryStrategy>();
export const retryStrategyFor = (service: string): StandardRetryStrategy => {
  let strategy = strategies.get(service);
  if (!strategy) strategies.set(service, (strategy = new StandardRetryStrategy(3)));
  return strategy;
};

/** Retry-After as the SDK reads it for a hint: seconds, or an HTTP date. */
export const retryAfterHint = (value: string | null): Date | undefined => {
  if (!value) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isNaN(seconds) ? undefined : new Date(Date.now() + seconds * 1000);
};
