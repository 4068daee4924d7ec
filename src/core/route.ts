/**
 * The shape of a route entry. Each area declares its routes in `src/<area>/routes.ts` (pure data,
 * importable from Lambda bundles); lib/routes.ts assembles them into the one route table from
 * which the CDK stack, the local gateway, the contract, OpenAPI and the docs derive. A handler
 * imports its own entry, so its bundle holds that entry and not the table.
 */

import type { Entity } from './data/entities';

export type HttpMethod = 'GET' | 'POST';

/** How the request body is read before validation. */
export type BodyKind =
  /** No body is read (GET). */
  | 'none'
  /** application/json or application/x-www-form-urlencoded, parsed into an object. */
  | 'form'
  /** multipart/form-data with files (JSON and forms are read as for 'form'). */
  | 'multipart'
  /** The raw text is handed to the handler untouched (WeChat XML pushes). */
  | 'raw';

/** What a function may do with the table; CDK turns it into least-privilege grants. */
export type TableAccess = 'read' | 'write';

export interface RouteAccess {
  readonly table: TableAccess;
  /**
   * The kinds of table items the function reads or writes (src/core/data/entities.ts). CDK allows the
   * function only these partition-key prefixes (dynamodb:LeadingKeys); test/cdk/entities.test.ts
   * checks the list against the data modules the handler's bundle contains.
   */
  readonly entities: readonly Entity[];
  /** Sends mail through SES. */
  readonly mail?: boolean;
  /** S3 access of the function, if any, limited to one key prefix. */
  readonly bucket?: 'read' | 'write' | 'readwrite';
  readonly bucketPrefix?: 'staging/' | 'logos/' | 'exports/';
  /** Needs the third-party platform's credentials (component secret) and calls WeChat. */
  readonly wechat?: boolean;
  /** Queues (ids of `workers` entries) the function sends to; CDK grants SendMessage and sets their URL variables. */
  readonly queues?: readonly string[];
  /**
   * Makes and deletes the one-time schedules of scheduled sends (EventBridge Scheduler,
   * src/content/schedules.ts): CDK grants scheduler:CreateSchedule and DeleteSchedule on the send
   * schedule group's `send-*` schedules and iam:PassRole of the scheduler's invoke role only, and
   * sets the variables naming the group, the role and the firing function (lib/content-schedules.ts).
   */
  readonly schedules?: boolean;
}

/** API Gateway throttling of one route (steady requests per second, burst). */
export interface RouteThrottle {
  readonly rate: number;
  readonly burst: number;
}

/**
 * The roles of an organization's members, most powerful first (the team issue enforces them):
 * owner (members, unbind, delete, ownership), admin (everything else), editor (replies, menus,
 * drafts, templates), operator (inbox, followers, tags), viewer (read only).
 */
export const roles = ['owner', 'admin', 'editor', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Whether a member's role may do what a route needs: roles are ordered, each includes those below it. */
export const roleAllows = (held: Role, needed: Role): boolean => roles.indexOf(held) <= roles.indexOf(needed);

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  /** Handler module, relative to the project root; it exports `handler`. */
  readonly handler: string;
  /**
   * The least role a signed-in member needs (routes with `auth`); 'public' for routes without a
   * session (WeChat's pushes, sign-up, H5 pages).
   */
  readonly role: Role | 'public';
  /** Needs a session token (`?access_token=` or `Authorization: Bearer`). */
  readonly auth: boolean;
  /**
   * false: the route concerns the signed-in user themself (their profile, sessions, organizations,
   * an invitation), not an organization: no membership is read and `role` is not checked. Otherwise
   * a route with auth acts in one organization and the endpoint wrapper checks the member's role.
   */
  readonly organization?: false;
  /**
   * Whether the route changes something (its call is written to the audit log), where the default
   * is wrong: a POST needing more than viewer is a change, anything else a read (src/core/audit/changes.ts).
   */
  readonly change?: boolean;
  /**
   * The route sends to followers (mass sends, publishing, template and customer-service messages):
   * refused (40302 account.suspended) while the platform has suspended the organization's sends.
   */
  readonly sends?: true;
  readonly body: BodyKind;
  readonly access: RouteAccess;
  readonly summary: string;
  /**
   * The route's own API Gateway throttle, independent of the stage's default: tighter for public
   * routes an attacker would hammer (passwords, mail, WeChat quota), wider for WeChat's pushes.
   */
  readonly throttle?: RouteThrottle;
  /** Reserved concurrency: a cap where a runaway would burn a tenant's WeChat quota or memory. */
  readonly reservedConcurrency?: number;
  /**
   * 'public': any web page may call it from the browser (no cookies sent): JSSDK signatures for H5
   * pages on customers' domains. Other routes answer CORS only to the configured console origins.
   */
  readonly cors?: 'public';
}

/** Functions run on a schedule (EventBridge), not behind the API. */
export interface ScheduledDefinition {
  readonly handler: string;
  readonly reservedConcurrency?: number;
  /** An EventBridge schedule expression. */
  readonly schedule: string;
  readonly access: RouteAccess;
  readonly summary: string;
}

/**
 * Functions fed by the HTTP API's access log: a CloudWatch Logs subscription filter on the stage's
 * log group keeps the lines of one route (by its route key) and delivers them in batches. CDK
 * builds the filter and the permission for CloudWatch Logs to invoke; the function's role holds its
 * table access only. Locally the gateway writes the same lines to the same handler (local/gateway.ts).
 */
export interface LogSubscriberDefinition {
  readonly handler: string;
  /** The id of the route whose access-log lines the function receives. */
  readonly route: string;
  readonly timeoutSeconds: number;
  readonly access: Omit<RouteAccess, 'queues' | 'wechat' | 'mail' | 'bucket' | 'bucketPrefix' | 'schedules'>;
  readonly summary: string;
}

/**
 * Functions fed by a queue (SQS with a dead-letter queue), for work that must not run after an
 * answer has been sent (a Lambda is frozen once it has answered). CDK builds queue + DLQ +
 * function + event source per entry; locally a queue stand-in delivers the same events.
 */
export interface WorkerDefinition {
  readonly handler: string;
  /** The environment variable senders read the queue's URL from. */
  readonly queueUrlVariable: string;
  /** Deliveries of one message before it goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly timeoutSeconds: number;
  /** SQS event source's maximumConcurrency (2–1000): how many of its functions run at once at most. */
  readonly maximumConcurrency?: number;
  /** The worker queues the rest of its work to its own queue (a slice at a time): it gets that queue's URL and the right to send. */
  readonly continues?: true;
  readonly access: Omit<RouteAccess, 'queues'>;
  readonly summary: string;
}
