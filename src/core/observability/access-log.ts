/**
 * The HTTP API stage's access log: one JSON line per request, its fields named here once. CDK
 * turns this into the stage's `accessLogSettings.format` (lib/http-apis.ts), the local gateway
 * writes the same fields with its own measurements (local/gateway.ts), and the log's subscribers
 * (the callback's latency, src/stats/callback-latency.ts) read them. Variables: API Gateway's
 * "Customize HTTP API access logs" (docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html).
 * API Gateway writes each value as the string in quotes, `-` when it has none.
 */
export const accessLogFormat = {
  /** The correlation id our functions log. */
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  /** When the request arrived, epoch milliseconds. */
  time: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  /** The request's path (`/wxplatform/callback/wx…`): the callback's account is its last segment. */
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  /** From the request's arrival to the response sent, ms: what the caller (WeChat) waited, minus the network. */
  latency: '$context.responseLatency',
  /** The function's part of it, ms; `-` when no function ran (throttled, refused before it). */
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
} as const;

export type AccessLogRecord = { [K in keyof typeof accessLogFormat]: string };

/** The stage's `format`: the JSON object of the variables. */
export const accessLogFormatJson = (): string => JSON.stringify(accessLogFormat);

/** A CloudWatch Logs filter pattern that keeps one route's lines (JSON pattern syntax, exact string match). */
export const routeKeyFilterPattern = (routeKey: string): string => `{ $.routeKey = "${routeKey}" }`;
