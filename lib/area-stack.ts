import { NestedStack, type Duration } from 'aws-cdk-lib';
import { HttpRoute, HttpRouteKey, HttpMethod, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ApiFunction } from './api-function';
import { bundleDefine } from './bundling';
import { constructId } from './deployment-layout';
import type { ContentSchedules } from './content-schedules';
import type { FixedEgress } from './egress';
import { FunctionRoles } from './function-roles';
import { workers, type RouteAccess, type WorkerId } from './routes';
import type { TenantKey } from './tenant-key';

/** What the root stack holds and every area's functions may be granted (by reference: parameters of the nested stack). */
export interface SharedResources {
  projectRoot: string;
  table: dynamodb.ITable;
  bucket: s3.IBucket;
  componentSecret: secretsmanager.ISecret;
  componentAppid: string;
  tenantKey: TenantKey;
  egress?: FixedEgress;
  queues: Record<string, { queue: sqs.IQueue }>;
  /** The schedule group and invoke role of scheduled sends (functions with `access.schedules`). */
  sendSchedules: ContentSchedules;
  logRetention: logs.RetentionDays;
  sesIdentity: string;
  mailFrom: string;
  /** Every function's environment (public URLs, WeChat's API base, console origins). */
  environment: Record<string, string>;
  /** Where presigned uploads are handed out (the distribution's URL, without the trailing slash). */
  uploadBaseUrl: string;
}

export interface FunctionSpec {
  id: string;
  entry: string;
  description: string;
  access: RouteAccess;
  timeout?: Duration;
  reservedConcurrency?: number;
  /** An API route whose changes the endpoint wrapper writes to the audit log (src/core/audit/changes.ts). */
  audited?: boolean;
}

/**
 * One area's functions (or a part of an area: lib/deployment-layout.ts) in a nested stack of their
 * own, with their log groups, their shared roles (lib/function-roles.ts: one per distinct access
 * within the stack), and their API routes, integrations and Lambda permissions. The stateful
 * resources stay in the root stack; what a function is granted on them arrives as parameters.
 * Call {@link finish} once every function of the stack has all its grants.
 */
export class AreaStack extends NestedStack {
  readonly roles: FunctionRoles;
  readonly functions: Record<string, ApiFunction> = {};

  constructor(
    scope: Construct,
    id: string,
    private readonly shared: SharedResources,
  ) {
    super(scope, id, { description: `socialinzen: the ${id} functions and their routes` });
    this.roles = new FunctionRoles(this, 'FunctionRoles');
  }

  /** A function with the grants and environment its access derives, as the single stack built them. */
  addFunction(spec: FunctionSpec): ApiFunction {
    const { shared } = this;
    const { access } = spec;
    const fn = new ApiFunction(this, constructId(spec.id), {
      ...(access.wechat && shared.egress ? { network: shared.egress.placement } : {}),
      entry: spec.entry,
      projectRoot: shared.projectRoot,
      description: spec.description,
      logRetention: shared.logRetention,
      roles: this.roles,
      ...(access.wechat ? { tracing: true } : {}),
      define: bundleDefine({ access, audited: spec.audited ?? false }),
      ...(spec.reservedConcurrency !== undefined ? { reservedConcurrency: spec.reservedConcurrency } : {}),
      ...(spec.timeout ? { timeout: spec.timeout } : {}),
      environment: shared.environment,
    }).bindTable(shared.table, access, spec.audited ?? false);
    if (access.mail) fn.allowMail(shared.sesIdentity, shared.mailFrom);
    if (access.bucket) {
      fn.bindBucket(shared.bucket, access.bucket, access.bucketPrefix ?? '');
      // Presigned uploads are handed out on the distribution's /staging/* (lib/console-site.ts).
      fn.fn.addEnvironment('UPLOAD_BASE_URL', shared.uploadBaseUrl);
    }
    if (access.wechat) {
      fn.bindComponent(shared.componentAppid, shared.componentSecret);
      // Only functions that talk to WeChat need tenant secrets in plaintext.
      shared.tenantKey.allow(fn.fn);
    }
    for (const queueId of access.queues ?? []) {
      const { queue } = shared.queues[queueId]!;
      queue.grantSendMessages(fn.fn);
      fn.fn.addEnvironment(workers[queueId as WorkerId].queueUrlVariable, queue.queueUrl);
    }
    if (access.schedules) shared.sendSchedules.allow(fn);
    this.functions[spec.id] = fn;
    return fn;
  }

  /**
   * The function's route on its API (and OPTIONS on the same path when it answers its own CORS
   * preflight), one integration for both; built in this stack, so a route costs the root nothing.
   */
  addRoute(routeId: string, fn: ApiFunction, api: HttpApi, method: 'GET' | 'POST', path: string, ownPreflight: boolean): void {
    const integration = new HttpLambdaIntegration(`${constructId(routeId)}Integration`, fn.fn);
    for (const m of ownPreflight ? [HttpMethod[method], HttpMethod.OPTIONS] : [HttpMethod[method]]) {
      new HttpRoute(this, `${constructId(routeId)}${m}Route`, { httpApi: api, routeKey: HttpRouteKey.with(path, m), integration });
    }
  }

  /** Makes the shared roles: after the last grant to a function of this stack. */
  finish(): void {
    this.roles.build();
  }
}
