import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { BadCredentialsError, TooManyAttemptsError } from '../errors';
import { logger } from '../http/logger';
import { metricNames, metricsNamespace } from './metric-names';

/**
 * The product's business metrics, written as CloudWatch Embedded Metric Format lines on stdout
 * (Powertools Metrics): CloudWatch turns them into metrics with no API call and no wait. Each hook
 * writes its line at once (a single-metric flush), so no handler has to remember to flush, and a
 * function that never counts anything never loads this module. Lines carry the request's
 * correlation id (API Gateway's request id) as metadata.
 *
 * Namespace `socialinzen` (POWERTOOLS_METRICS_NAMESPACE), dimension `service`, plus the dimension
 * named in each hook. Alarms and the dashboard (lib/observability.ts) read these names: change
 * them together.
 */
export { metricNames, metricsNamespace };

let metrics: Metrics | undefined;
const instance = () =>
  (metrics ??= new Metrics({
    namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] || metricsNamespace,
    serviceName: process.env['POWERTOOLS_SERVICE_NAME'] || 'socialinzen',
  }));

const count = (name: string, dimensions: Record<string, string> = {}, value = 1): void => {
  try {
    const single = instance().singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
    const correlationId = logger.getCorrelationId();
    if (typeof correlationId === 'string') single.addMetadata('correlationId', correlationId);
    single.addMetric(name, MetricUnit.Count, value);
  } catch (error) {
    // A metric must never fail a request.
    logger.warn('metric not written', { name, error: String(error) });
  }
};

/** How a callback was answered: a rule matched, the default (no keyword) reply, or nothing. */
export type CallbackOutcome = 'matched' | 'default' | 'none';

/** A message callback answered WeChat (call once per delivery that got an answer). */
export const countCallbackAnswered = (outcome: CallbackOutcome): void => count(metricNames.callbackAnswered, { outcome });

/** The reply was not ready within WeChat's 5 s; WeChat got `success` (nothing). */
export const countReplyNotReadyInTime = (): void => count(metricNames.replyNotReadyInTime);

/** WeChat answered an errcode; `api` is the path called (no query, no token). */
export const countWechatError = (errcode: number): void => count(metricNames.wechatError, { errcode: String(errcode) });

/** A token or ticket refresh (scheduled or on demand) succeeded or failed, by kind. */
export const countTokenRefresh = (kind: string, ok: boolean): void =>
  count(ok ? metricNames.tokenRefreshed : metricNames.tokenRefreshFailed, { kind });

/** The rule a callback answered with decides its outcome: `@default` is the no-keyword reply. */
export const callbackOutcome = (rule: { keyword: string } | undefined): CallbackOutcome =>
  rule ? (rule.keyword === '@default' ? 'default' : 'matched') : 'none';

/** A wrong username or password. */
export const countLoginFailed = (): void => count(metricNames.loginFailed);

/** A login refused because the username is locked out (too many failures). */
export const countLoginLockedOut = (): void => count(metricNames.loginLockedOut);

/** Counts a refused login by its error (for the login handler's catch). */
export const countLoginRefusal = (error: unknown): void => {
  if (error instanceof BadCredentialsError) countLoginFailed();
  else if (error instanceof TooManyAttemptsError) countLoginLockedOut();
};

