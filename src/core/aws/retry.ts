/**
 * When and how long to wait before sending an AWS request again: the SDK's standard retry mode
 * (`@smithy/core/retry`), which the hand-rolled callers (S3's REST API, the JSON protocol of KMS
 * and Secrets Manager) follow so they give up where the SDK clients they replace gave up.
 */

/** Attempts in all, as the SDK's standard retry mode. */
export const maxAttempts = 3;

/**
 * The wait before retry `attempt` (1-based), as the SDK's standard mode: full jitter over an
 * exponential ceiling, 100 ms base (500 ms when throttled), at most 20 s.
 */
export const backoffMs = (attempt: number, throttled: boolean, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(20_000, (throttled ? 500 : 100) * 2 ** attempt));

/** Worth the same request again whatever the service said: 5xx and 429. */
export const isRetryableStatus = (status: number): boolean => status >= 500 || status === 429;

/** The error names the SDK treats as throttling (retried with the longer base; the error mapper answers 50300). */
const throttlingCodes = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** The error names the SDK retries as transient whatever their status. */
const transientCodes = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/**
 * How the SDK's standard mode classes a service's error answer: throttling (by name or a 429),
 * transient (by name, or any 5xx), or not to be retried (`undefined`). The result is the error's
 * `$retryable`, which the error mapper reads (src/core/http/error-mapper.ts).
 */
export const retryableOf = (status: number, code: string): { throttling: boolean } | undefined => {
  if (status === 429 || throttlingCodes.has(code)) return { throttling: true };
  if (status >= 500 || transientCodes.has(code)) return { throttling: false };
  return undefined;
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
