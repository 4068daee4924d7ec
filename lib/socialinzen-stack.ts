import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { DomainName, HttpApi, HttpMethod, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tableDesign } from '../src/core/data/table-design';
import { ApiFunction } from './api-function';
import { bundleDefine } from './bundling';
import { ConsoleSite } from './console-site';
import { FixedEgress } from './egress';
import { FunctionRoles } from './function-roles';
import { MpVerifyBehavior } from './mp-verify-behavior';
import { Observability } from './observability';
import { RecordStream } from './record-stream';
import { routeList, scheduled, workers, type RouteAccess, type WorkerId } from './routes';
import { TenantKey } from './tenant-key';

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
   * The functions that call WeChat go out through fixed Elastic IPs (VPC + NAT, lib/egress.ts) so
   * WeChat's IP whitelists can name them. On unless false (context `fixedEgress=false`).
   */
  fixedEgress?: boolean;
  logRetention?: logs.RetentionDays;
  /** The API on its own domain (an ACM certificate of that name, in the stack's region); publicBaseUrl follows. */
  customDomain?: { domainName: string; certificateArn: string };
  /** Where alarm notifications are mailed (the alarm topic is an output either way). */
  alarmEmail?: string;
}

/** Construct ids from route ids: 'user.register' → 'UserRegister'. */
const constructId = (id: string) =>
  id
    .split(/[.\-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

export class SocialinzenStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  readonly api: HttpApi;
  readonly site: ConsoleSite;
  readonly functions: Record<string, ApiFunction> = {};
  readonly roles: FunctionRoles;
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

    const domain = props.customDomain
      ? new DomainName(this, 'ApiDomain', {
          domainName: props.customDomain.domainName,
          certificate: acm.Certificate.fromCertificateArn(this, 'ApiCertificate', props.customDomain.certificateArn),
        })
      : undefined;

    // No API-wide CORS: API Gateway's would replace the headers the public JSSDK endpoint sets for
    // customers' H5 pages. Each route's function answers CORS itself (src/core/http/web-headers.ts).
    this.api = new HttpApi(this, 'Api', {
      description: 'socialinzen API',
      ...(domain ? { defaultDomainMapping: { domainName: domain } } : {}),
    });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage | undefined;
    if (stage) {
      stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
      // Routes the table marks with `throttle` (public, password- or mail- or quota-backed) get less.
      // routeSettings is an untyped map: CloudFormation's own (PascalCase) property names.
      stage.routeSettings = Object.fromEntries(
        routeList.flatMap((r) =>
          'throttle' in r && r.throttle
            ? [[`${r.method} ${r.path}`, { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst }]]
            : [],
        ),
      );
      // Access log: one JSON line per request; requestId is the correlation id our functions log.
      const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
      stage.accessLogSettings = {
        destinationArn: accessLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          time: '$context.requestTimeEpoch',
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          latency: '$context.responseLatency',
          integrationLatency: '$context.integrationLatency',
          integrationError: '$context.integrationErrorMessage',
          userAgent: '$context.identity.userAgent',
        }),
      };
    }

    // The console and the API share one CloudFront origin; its URL is the default public URL.
    const consoleDist = props.consoleDist ?? join(props.projectRoot, 'console', 'dist');
    this.site = new ConsoleSite(this, 'Console', {
      api: this.api,
      uploads: this.bucket,
      ...(existsSync(join(consoleDist, 'index.html')) ? { consoleDist } : {}),
    });
    // WeChat's web-OAuth domain check reads /MP_verify_<code>.txt at the root of the same domain.
    new MpVerifyBehavior(this, 'MpVerify', { distribution: this.site.distribution, apiOrigin: this.site.apiOrigin });
    const publicBaseUrl =
      props.publicBaseUrl ?? (props.customDomain ? `https://${props.customDomain.domainName}` : this.site.url.replace(/\/$/, ''));
    const consoleUrl = props.consoleUrl ?? this.site.url;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const egress = props.fixedEgress === false ? undefined : new FixedEgress(this, 'WechatEgress');
    const roles = (this.roles = new FunctionRoles(this, 'FunctionRoles'));

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

    const build = (
      id: string,
      entry: string,
      description: string,
      access: RouteAccess,
      timeout?: Duration,
      reservedConcurrency?: number,
    ) => {
      const fn = new ApiFunction(this, constructId(id), {
        ...(access.wechat && egress ? { network: egress.placement } : {}),
        entry,
        projectRoot: props.projectRoot,
        description,
        logRetention,
        roles,
        ...(access.wechat ? { tracing: true } : {}),
        define: bundleDefine(access),
        ...(reservedConcurrency !== undefined ? { reservedConcurrency } : {}),
        ...(timeout ? { timeout } : {}),
        environment: {
          PUBLIC_BASE_URL: publicBaseUrl,
          CONSOLE_URL: consoleUrl,
          WECHAT_API_BASE: props.wechatApiBase ?? 'https://api.weixin.qq.com',
          ...(props.consoleOrigins?.length ? { CONSOLE_ORIGINS: props.consoleOrigins.join(',') } : {}),
        },
      }).bindTable(this.table, access);
      if (access.mail) fn.allowMail(props.sesIdentity, props.mailFrom);
      if (access.bucket) {
        fn.bindBucket(this.bucket, access.bucket, access.bucketPrefix ?? '');
        // Presigned uploads are handed out on the distribution's /staging/* (lib/console-site.ts).
        fn.fn.addEnvironment('UPLOAD_BASE_URL', this.site.url.replace(/\/$/, ''));
      }
      if (access.wechat) {
        fn.bindComponent(props.componentAppid, componentSecret);
        // Only functions that talk to WeChat need tenant secrets in plaintext.
        tenantKey.allow(fn.fn);
      }
      for (const queueId of access.queues ?? []) {
        const { queue } = this.queues[queueId]!;
        queue.grantSendMessages(fn.fn);
        fn.fn.addEnvironment(workers[queueId as WorkerId].queueUrlVariable, queue.queueUrl);
      }
      this.functions[id] = fn;
      return fn;
    };

    // CORS preflights: a public route (JSSDK for customers' H5 pages) answers its own on its path;
    // console origins (set only for a console served from another origin) are answered by one
    // catch-all OPTIONS route rather than one per path (CloudFormation's 500 resources per stack).
    for (const route of routeList) {
      const fn = build(
        route.id,
        route.handler,
        `${route.method} ${route.path}: ${route.summary}`,
        route.access,
        undefined,
        'reservedConcurrency' in route ? route.reservedConcurrency : undefined,
      );
      const ownPreflight = 'cors' in route && route.cors === 'public';
      this.api.addRoutes({
        path: route.path,
        methods: ownPreflight ? [HttpMethod[route.method], HttpMethod.OPTIONS] : [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${constructId(route.id)}Integration`, fn.fn),
      });
    }
    if (props.consoleOrigins?.length) {
      this.api.addRoutes({
        path: '/{proxy+}',
        methods: [HttpMethod.OPTIONS],
        integration: new HttpLambdaIntegration('PreflightIntegration', this.functions['user.me']!.fn),
      });
    }

    for (const [id, entry] of Object.entries(scheduled)) {
      const fn = build(id, entry.handler, entry.summary, entry.access, Duration.minutes(2), entry.reservedConcurrency);
      // A run that fails is retried twice by Lambda (async invoke); one that still fails, or that
      // EventBridge could not deliver, lands in the dead-letter queue (alarmed). The next run comes
      // 5 minutes later anyway, so events older than 10 minutes are dropped rather than replayed.
      const dlq = new sqs.Queue(this, `${constructId(id)}DeadLetters`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      fn.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.minutes(10), onFailure: new SqsDestination(dlq) });
      new events.Rule(this, `${constructId(id)}Schedule`, {
        schedule: events.Schedule.expression(entry.schedule),
        targets: [new targets.LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue: dlq })],
      });
    }

    for (const [id, worker] of Object.entries(workers)) {
      const fn = build(id, worker.handler, worker.summary, worker.access, Duration.seconds(worker.timeoutSeconds));
      fn.fn.addEventSource(
        new SqsEventSource(this.queues[id]!.queue, { batchSize: worker.batchSize, reportBatchItemFailures: true }),
      );
    }
    // What reacts to the callback's records: one stream consumer and its plug-ins (src/records/).
    new RecordStream(this, 'Records', { table: this.table, build });
    // Every function has its grants now: one role per distinct set of them.
    roles.build();

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'ComponentSecretArn', { value: componentSecret.secretArn });
    new CfnOutput(this, 'TenantKeyArn', { value: tenantKey.key.keyArn });
    if (domain) new CfnOutput(this, 'ApiDomainTarget', { value: domain.regionalDomainName, description: 'CNAME/alias target of the custom domain' });

    // Keep last: alarms cover every function and dead-letter queue defined above.
    Observability.attach(this, {
      api: this.api,
      functions: Object.fromEntries(Object.entries(this.functions).map(([id, f]) => [constructId(id), f.fn])),
      callbackFunctionId: constructId('callback.message'),
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
  }
}
