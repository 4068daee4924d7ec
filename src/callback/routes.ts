/** The callback area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition, WorkerDefinition } from '../core/route';

export const callbackVerifyUrl = {
  method: 'GET',
  path: '/wxplatform/callback/{appid}',
  handler: 'src/callback/handlers/verifyUrl.ts',
  role: 'public',
  auth: false,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'MESSAGE', 'RULE'], wechat: true },
  // Asked once when an owner saves the URL in WeChat's back office: a trickle.
  throttle: { rate: 10, burst: 20 },
  summary: 'WeChat checks the callback URL (signature, echostr)',
} as const satisfies RouteDefinition;

export const callbackMessage = {
  method: 'POST',
  path: '/wxplatform/callback/{appid}',
  handler: 'src/callback/handlers/message.ts',
  role: 'public',
  auth: false,
  body: 'raw',
  access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'RULE'], wechat: true, queues: ['callbackJobs'] },
  // Every tenant's followers arrive here, from WeChat's few addresses: a bucket of its own, wider
  // than the stage's default, so a burst at one door (a mass send's replies) never starves the API
  // and the API's traffic never delays WeChat's 5 s (issue 22, item 7; docs/security.md).
  throttle: { rate: 1000, burst: 2000 },
  summary: 'Messages and events of one account: match a rule, answer a passive reply',
} as const satisfies RouteDefinition;

export const callbackRoutes = {
  'callback.verifyUrl': callbackVerifyUrl,
  'callback.message': callbackMessage,
} as const satisfies Record<string, RouteDefinition>;

export const workers = {
  callbackJobs: {
    handler: 'src/callback/handlers/callbackJobs.ts',
    queueUrlVariable: 'CALLBACK_JOBS_QUEUE_URL',
    maxReceiveCount: 5,
    batchSize: 5,
    timeoutSeconds: 30,
    access: { table: 'write', entities: ['ACCOUNT', 'MESSAGE', 'REPLYQUOTA', 'RULE', 'TOKEN', 'COMPONENT'], wechat: true },
    summary: "The callback's work after its answer: release-test QUERY_AUTH_CODE and replies that missed WeChat's 5 s, sent as customer-service messages",
  },
} as const satisfies Record<string, WorkerDefinition>;
