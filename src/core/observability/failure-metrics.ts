import { metricNames, metricsNamespace } from './metric-names';

/**
 * The 5xx answers, counted by the error mapper (src/core/http/error-mapper.ts), which every function
 * loads: so written here as one CloudWatch Embedded Metric Format line each, by hand, rather than
 * through Powertools Metrics (metrics.ts), whose 10-15 KB every bundle would carry for a path that
 * runs only on failure. The line is what Powertools writes for a single metric: namespace
 * `socialinzen`, the one dimension `service`, the count, and the properties beside it (route,
 * appid, WeChat's errcode) as plain fields: a Logs Insights query groups by tenant while the metric
 * stays one series. Off where Powertools Metrics is off (POWERTOOLS_METRICS_DISABLED=true, locally).
 * EMF: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
const write = (name: string, properties: Record<string, unknown>): void => {
  if (process.env['POWERTOOLS_METRICS_DISABLED'] === 'true') return;
  try {
    const service = process.env['POWERTOOLS_SERVICE_NAME'] || 'socialinzen';
    const fields = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
    const line = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [{ Namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] || metricsNamespace, Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] }],
      },
      ...fields,
      service,
      [name]: 1,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } catch {
    // A metric must never fail an answer.
  }
};

/** Where a 5xx answer came from: the route, and the tenant (appid) when the request named one. */
export interface FailureContext {
  route?: string | undefined;
  appid?: string | undefined;
  /** API Gateway's request id (the log lines' correlation id). */
  correlationId?: string | undefined;
}

/** Answered errcode 50000: a bug or an unexpected failure of ours (the alarm `InternalErrors`). */
export const countInternalError = (where: FailureContext): void => write(metricNames.internalError, { ...where });

/**
 * Answered 50200/50300 because WeChat failed or refused (its errcode as `wxerrcode`): not our bug,
 * counted apart from our own 5xx, with the tenant as a property (one series, not one per appid).
 */
export const countWechatFailure = (where: FailureContext & { errcode: number; wxerrcode: unknown }): void => write(metricNames.wechatFailure, { ...where });

/** Answered 50300 because AWS was busy (throttled storage, a broken connection, no time left). */
export const countBusyAnswered = (where: FailureContext): void => write(metricNames.busyAnswered, { ...where });
