import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { DomainName, HttpMethod, HttpRoute, HttpRouteKey, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { recordConsumer, recordConsumerAccess } from '../src/records/definition';
import { tableDesign } from '../src/core/data/table-design';
import { routeKeyFilterPattern } from '../src/core/observability/access-log';
import type { ApiFunction } from './api-function';
import { AreaStack, type FunctionSpec, type SharedResources } from './area-stack';
import { ConsoleSite } from './console-site';
import { FixedEgress, type EgressMode, type EndpointService } from './egress';
import { MailIdentity } from './mail-identity';
import { apiShards, areaOf, constructId, stackGroups, type RouteEntry } from './deployment-layout';
import { buildHttpApis, type ProductApi } from './http-apis';
import { MpVerifyBehavior } from './mp-verify-behavior';
import { Observability } from './observability';
import { RecordStream } from './record-stream';
import { fireSendFunction, logSubscribers, routeList, scheduled, workers, type WorkerId } from './routes';
import { workerAccess } from './functions';
import { ContentSchedules } from './content-schedules';
import { TenantKey } from './tenant-key';
import { EdgeRateLimit } from './web-acl';
import { isAuditedChange } from '../src/core/audit/changes';

export interface SocialinzenStackProps extends StackProps {
  projectRoot: string;
  /** The sender of verification mails. */
  mailFrom: string;
  /** The SES identity (domain or address) the sender belongs to. */
  sesIdentity: string;
  /** The API's public URL when it sits behind a custom domain; the HTTP API's URL otherwise. */
  publicBaseUrl?: string;
  /** Where browsers land (web console); the CloudFront distribution's URL otherwise. */
  consoleUrl?: string;
  /** The built console to deploy; default `console/dist` under projectRoot when it exists (bin/app.ts builds it). */
  consoleDist?: string;
  /** Origins allowed by CORS (the web console). */
  consoleOrigins?: string[];
  componentAppid: string;
  /** An existing secret `{appsecret, token, aesKey}`; a new one (to be filled in) otherwise. */
  componentSecretArn?: string;
  wechatApiBase?: string;
  /**
   * How the functions that call WeChat go out: through fixed Elastic IPs (VPC + NAT, lib/egress.ts)
   * so WeChat's IP whitelists can name them; one NAT gateway unless another option (context
   * `egress`; docs/costs.md). `none`: no VPC (direct-mode accounts with their whitelist off only).
   */
  egress?: EgressMode;
  /** Interface endpoints for the AWS services the functions in the VPC call (context `interfaceEndpoints=true`). */
  interfaceEndpoints?: boolean;
  /**
   * Apply the route table's reserved concurrency (context `reservedConcurrency=true`). Off by
   * default: Lambda keeps 100 executions unreserved, and a new account's quota can be as low as
   * 10, so reserving fails the first deploy there (bin/preflight.ts checks the quota when on).
   */
  reservedConcurrency?: boolean;
  /**
   * Create the SES identity `sesIdentity` (a domain: Easy DKIM, its three CNAMEs as outputs; an
   * address: SES mails it a link). Off when the identity already exists in the region (context
   * `createSesIdentity=false`): CloudFormation cannot create it twice.
   */
  createSesIdentity?: boolean;
  logRetention?: logs.RetentionDays;
  /** The API on its own domain (an ACM certificate of that name, in the stack's region); publicBaseUrl follows. */
  customDomain?: { domainName: string; certificateArn: string };
  /**
   * Turn the `execute-api` host off, so the API answers on the custom domain only (context
   * `disableExecuteApiEndpoint=true`, with `domainName`). CloudFront then reaches the API through
   * the custom domain. A first-deploy choice: a direct-mode account whose owner pasted the
   * execute-api URL into WeChat would stop getting its pushes (docs/deploy.md).
   */
  disableExecuteApiEndpoint?: boolean;
  /**
   * The optional web ACL on the console's distribution (context `waf=true`, lib/web-acl.ts):
   * `rateLimit` builds it in this stack (which must be in us-east-1); `webAclArn` uses one built in
   * us-east-1 by EdgeWebAclStack.
   */
  waf?: { rateLimit: number } | { webAclArn: string };
  /** Where alarm notifications are mailed (the alarm topic is an output either way). */
  alarmEmail?: string;
  /** The routes to deploy: the route table (`routeList`) unless a test brings a bigger one. */
  routes?: readonly RouteEntry[];
}

export class SocialinzenStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  /** The first HTTP API (today the only one): `/wxplatform/*` and every prefix that fits it. */
  readonly api: HttpApi;
  /** Every HTTP API, the first one first (lib/http-apis.ts). */
  readonly apis: ProductApi[];
  readonly site: ConsoleSite;
  readonly functions: Record<string, ApiFunction> = {};
  /** The nested stacks of functions, by name (lib/deployment-layout.ts). */
  readonly areas: Record<string, AreaStack> = {};
  readonly queues: Record<string, { queue: sqs.Queue; deadLetters: sqs.Queue }> = {};

  constructor(scope: Construct, id: string, props: SocialinzenStackProps) {
    super(scope, id, props);
    const gsi = tableDesign.indexes.gsi1;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDesign.ttlAttribute,
      // Read by the record stream consumer (lib/record-stream.ts); adding a stream updates the table in place.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: gsi.name,
      partitionKey: { name: gsi.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: gsi.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // Server access logs of the bucket (uploads are user content: who put or read what).
    const accessLogs = new s3.Bucket(this, 'BucketAccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'bucket/',
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-staging', prefix: 'staging/', expiration: Duration.days(1) },
        // Follower exports (SPEC §6: the file 24 hours). A day is S3's smallest unit, and S3 removes
        // an object in the day after it expired: exportStatus stops handing out links at 24 hours.
        { id: 'expire-exports', prefix: 'exports/', expiration: Duration.days(1) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      ...(props.consoleOrigins?.length
        ? {
            cors: [
              {
                allowedOrigins: props.consoleOrigins,
                allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST],
                allowedHeaders: ['*'],
                maxAge: 3600,
              },
            ],
          }
        : {}),
    });

    const componentSecret = props.componentSecretArn
      ? secretsmanager.Secret.fromSecretCompleteArn(this, 'ComponentSecret', props.componentSecretArn)
      : new secretsmanager.Secret(this, 'ComponentSecret', {
          description: 'socialinzen third-party platform: {"appsecret","token","aesKey"} (fill in after the first deploy)',
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ appsecret: 'replace-me', token: 'replace-me' }),
            generateStringKey: 'aesKey',
            passwordLength: 43,
            excludePunctuation: true,
          },
        });

    const tenantKey = new TenantKey(this, 'TenantSecrets');

    if (props.disableExecuteApiEndpoint && !props.customDomain) {
      throw new Error('disableExecuteApiEndpoint needs a custom domain (domainName + certificateArn): nothing else would reach the API');
    }
    const domain = props.customDomain
      ? new DomainName(this, 'ApiDomain', {
          domainName: props.customDomain.domainName,
          certificate: acm.Certificate.fromCertificateArn(this, 'ApiCertificate', props.customDomain.certificateArn),
        })
      : undefined;

    const routes = props.routes ?? routeList;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    // As many HTTP APIs as the routes need, presented as one (lib/http-apis.ts); today one.
    this.apis = buildHttpApis(this, {
      shards: apiShards(routes),
      ...(domain ? { domain } : {}),
      logRetention,
      ...(props.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
    });
    this.api = this.apis[0]!.api;

    // The console and the API share one CloudFront origin; its URL is the default public URL.
    const consoleDist = props.consoleDist ?? join(props.projectRoot, 'console', 'dist');
    this.site = new ConsoleSite(this, 'Console', {
      api: this.api,
      prefixedApis: this.apis.flatMap((a) => (a.prefix ? [{ prefix: a.prefix, api: a.api }] : [])),
      uploads: this.bucket,
      ...(props.disableExecuteApiEndpoint && props.customDomain ? { apiDomain: props.customDomain.domainName } : {}),
      ...(props.waf ? { webAclId: 'webAclArn' in props.waf ? props.waf.webAclArn : new EdgeRateLimit(this, 'EdgeRateLimit', props.waf).webAcl.attrArn } : {}),
      ...(existsSync(join(consoleDist, 'index.html')) ? { consoleDist } : {}),
    });
    // WeChat's web-OAuth domain check reads /MP_verify_<code>.txt at the root of the same domain.
    new MpVerifyBehavior(this, 'MpVerify', { distribution: this.site.distribution, apiOrigin: this.site.apiOrigin });
    const publicBaseUrl =
      props.publicBaseUrl ?? (props.customDomain ? `https://${props.customDomain.domainName}` : this.site.url.replace(/\/$/, ''));
    const consoleUrl = props.consoleUrl ?? this.site.url;
    const egressMode = props.egress ?? 'natGateway';
    const egress = egressMode === 'none' ? undefined : new FixedEgress(this, 'WechatEgress', { mode: egressMode });
    if (props.createSesIdentity !== false) new MailIdentity(this, 'MailIdentity', { identity: props.sesIdentity });

    // The workers' queues come first: the functions that send to them get their URL and a grant.
    for (const [id, worker] of Object.entries(workers)) {
      const deadLetters = new sqs.Queue(this, `${constructId(id)}DeadLetters`, {
        retentionPeriod: Duration.days(14),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new sqs.Queue(this, `${constructId(id)}Queue`, {
        // AWS's advice for an SQS event source: at least six times the function's timeout.
        visibilityTimeout: Duration.seconds(worker.timeoutSeconds * 6),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: worker.maxReceiveCount },
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      this.queues[id] = { queue, deadLetters };
    }

    // Functions, their roles, log groups, routes and permissions live in nested stacks by area
    // (lib/area-stack.ts, lib/deployment-layout.ts); what holds state stays here, under the logical
    // ids it was first deployed with (test/cdk/stateful-ids.ts).
    // Before the functions: those whose access declares `schedules` are granted on its group and role.
    const sendSchedules = new ContentSchedules(this, 'SendSchedules');
    const shared: SharedResources = {
      projectRoot: props.projectRoot,
      table: this.table,
      bucket: this.bucket,
      componentSecret,
      componentAppid: props.componentAppid,
      tenantKey,
      ...(egress ? { egress } : {}),
      queues: this.queues,
      sendSchedules,
      logRetention,
      sesIdentity: props.sesIdentity,
      mailFrom: props.mailFrom,
      environment: {
        PUBLIC_BASE_URL: publicBaseUrl,
        CONSOLE_URL: consoleUrl,
        WECHAT_API_BASE: props.wechatApiBase ?? 'https://api.weixin.qq.com',
        ...(props.consoleOrigins?.length ? { CONSOLE_ORIGINS: props.consoleOrigins.join(',') } : {}),
      },
      uploadBaseUrl: this.site.url.replace(/\/$/, ''),
    };
    type Entry = { area: string; spec: FunctionSpec; route?: RouteEntry };
    const entries: Entry[] = [
      ...routes.map((route) => ({
        area: areaOf(route.id),
        route,
        spec: {
          id: route.id,
          entry: route.handler,
          description: `${route.method} ${route.path}: ${route.summary}`,
          access: route.access,
          audited: isAuditedChange(route),
          ...(props.reservedConcurrency && route.reservedConcurrency !== undefined ? { reservedConcurrency: route.reservedConcurrency } : {}),
        },
      })),
      ...Object.entries(scheduled).map(([id, entry]) => ({
        area: 'scheduled',
        spec: { id, entry: entry.handler, description: entry.summary, access: entry.access, timeout: Duration.minutes(2),
          // One run at a time comes from the token store's lease (src/wechat/token-store.ts), not from this.
          ...(props.reservedConcurrency && entry.reservedConcurrency !== undefined ? { reservedConcurrency: entry.reservedConcurrency } : {}),
        },
      })),
      // Invoked by the one-time schedules of scheduled sends (lib/content-schedules.ts).
      { area: 'scheduled', spec: { id: 'fireSend', entry: fireSendFunction.handler, description: fireSendFunction.summary, access: fireSendFunction.access, timeout: Duration.minutes(1) } },
      ...Object.entries(workers).map(([id, worker]) => ({
        area: 'workers',
        spec: { id, entry: worker.handler, description: worker.summary, access: workerAccess(id as WorkerId), timeout: Duration.seconds(worker.timeoutSeconds) },
      })),
      {
        area: 'workers',
        spec: {
          id: recordConsumer.id,
          entry: recordConsumer.handler,
          description: recordConsumer.summary,
          access: recordConsumerAccess(),
          timeout: Duration.seconds(recordConsumer.timeoutSeconds),
        },
      },
      ...Object.entries(logSubscribers).map(([id, subscriber]) => ({
        area: 'workers',
        spec: { id, entry: subscriber.handler, description: subscriber.summary, access: subscriber.access, timeout: Duration.seconds(subscriber.timeoutSeconds) },
      })),
    ];
    if (egress && props.interfaceEndpoints) {
      // Only the services the functions in the VPC call: the others never cross the NAT.
      const inVpc = entries.filter((e) => e.spec.access.wechat).map((e) => e.spec.access);
      const services: EndpointService[] = ['kms', 'secretsManager'];
      if (inVpc.some((a) => a.queues?.length)) services.push('sqs');
      if (inVpc.some((a) => a.mail)) services.push('ses');
      egress.addInterfaceEndpoints(services);
    }
    const apiOf = new Map(this.apis.flatMap((a) => a.shard.routes.map((r) => [r.id, a] as const)));
    for (const group of stackGroups(entries, (e) => e.area)) {
      const area = (this.areas[group.name] = new AreaStack(this, `${group.name}Area`, shared));
      for (const { spec, route } of group.entries) {
        const fn = (this.functions[spec.id] = area.addFunction(spec));
        if (route) {
          // CORS preflights: a public route (JSSDK for customers' H5 pages) answers its own on its path.
          const { api, pathOf } = apiOf.get(route.id)!;
          area.addRoute(route.id, fn, api, route.method, pathOf(route.path), route.cors === 'public');
        }
      }
    }
    // Console origins (set only for a console served from another origin) are answered by one
    // catch-all OPTIONS route per API rather than one per path.
    const preflight = this.functions['user.me'];
    if (props.consoleOrigins?.length && preflight) {
      const area = Stack.of(preflight) as AreaStack;
      this.apis.forEach(({ api }, i) => {
        new HttpRoute(area, i === 0 ? 'PreflightRoute' : `Preflight${api.node.id}Route`, {
          httpApi: api,
          routeKey: HttpRouteKey.with('/{proxy+}', HttpMethod.OPTIONS),
          integration: new HttpLambdaIntegration(i === 0 ? 'PreflightIntegration' : `Preflight${api.node.id}Integration`, preflight.fn),
        });
      });
    }

    for (const [id, entry] of Object.entries(scheduled)) {
      const fn = this.functions[id]!;
      const area = Stack.of(fn);
      // A run that fails is retried twice by Lambda (async invoke); one that still fails, or that
      // EventBridge could not deliver, lands in the dead-letter queue (alarmed). The next run comes
      // 5 minutes later anyway, so events older than 10 minutes are dropped rather than replayed.
      // The queue stays in the root stack (its logical id is pinned); the rule sits by its function.
      const dlq = new sqs.Queue(this, `${constructId(id)}DeadLetters`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      fn.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.minutes(10), onFailure: new SqsDestination(dlq) });
      new events.Rule(area, `${constructId(id)}Schedule`, {
        schedule: events.Schedule.expression(entry.schedule),
        targets: [new targets.LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue: dlq })],
      });
    }

    for (const [id, worker] of Object.entries(workers)) {
      // A worker that carries long jobs in slices (`continues`) sends to its own queue through its access (lib/functions.ts workerAccess).
      this.functions[id]!.fn.addEventSource(
        new SqsEventSource(this.queues[id]!.queue, {
          batchSize: worker.batchSize,
          reportBatchItemFailures: true,
          // Bulk work (the follower sync) is capped, so it never takes the concurrency the callback needs.
          ...('maximumConcurrency' in worker ? { maxConcurrency: worker.maximumConcurrency } : {}),
        }),
      );
    }
    // The access log's subscribers: a filter on the log group of the API that holds their route keeps
    // that route's lines only (its route key as the API names it), delivered to the function; the
    // filter and CloudWatch Logs' permission to invoke sit beside the function, in its nested stack.
    for (const [id, subscriber] of Object.entries(logSubscribers)) {
      const route = routes.find((r) => r.id === subscriber.route);
      const api = route && apiOf.get(route.id);
      if (!route || !api?.accessLogs) continue;
      const fn = this.functions[id]!;
      new logs.SubscriptionFilter(Stack.of(fn), `${constructId(id)}Subscription`, {
        logGroup: api.accessLogs,
        destination: new LambdaDestination(fn.fn),
        filterPattern: logs.FilterPattern.literal(routeKeyFilterPattern(`${route.method} ${api.pathOf(route.path)}`)),
      });
    }
    // What reacts to the callback's records: one stream consumer and its plug-ins (src/records/).
    new RecordStream(this, 'Records', { table: this.table, consumer: this.functions[recordConsumer.id]! });
    sendSchedules.firedBy(this.functions['fireSend']!);
    // Every function has its grants now: in each nested stack, one role per distinct set of them.
    for (const area of Object.values(this.areas)) area.finish();

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'ComponentSecretArn', { value: componentSecret.secretArn });
    new CfnOutput(this, 'TenantKeyArn', { value: tenantKey.key.keyArn });
    if (domain) new CfnOutput(this, 'ApiDomainTarget', { value: domain.regionalDomainName, description: 'CNAME/alias target of the custom domain' });

    // Keep last: alarms cover every function and dead-letter queue defined above.
    Observability.attach(this, {
      apis: this.apis.map((a) => a.api),
      functions: Object.fromEntries(Object.entries(this.functions).map(([id, f]) => [constructId(id), f.fn])),
      callbackFunctionId: constructId('callback.message'),
      table: { table: this.table, indexes: [gsi.name] },
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
  }
}
