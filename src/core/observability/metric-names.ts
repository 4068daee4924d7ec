/** Metric names shared by the hooks (metrics.ts) and the alarms and dashboard (lib/observability.ts). */
export const metricNames = {
  callbackAnswered: 'CallbackAnswered',
  replyNotReadyInTime: 'ReplyNotReadyInTime',
  wechatError: 'WechatError',
  tokenRefreshed: 'TokenRefreshed',
  tokenRefreshFailed: 'TokenRefreshFailed',
  loginFailed: 'LoginFailed',
  loginLockedOut: 'LoginLockedOut',
  internalError: 'InternalError',
  wechatFailure: 'WechatFailure',
  busyAnswered: 'BusyAnswered',
} as const;

export const metricsNamespace = 'socialinzen';
