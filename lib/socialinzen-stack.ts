import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { tableDesign } from '../src/data/table-design';
import { ApiFunction } from './api-function';
import { routeList, scheduled, type RouteAccess } from './routes';

export interface SocialinzenStackProps extends StackProps {
  projectRoot: string;
  /** The sender of verification mails. */
  mailFrom: string;
  /** The SES identity (domain or address) the sender belongs to. */
  sesIdentity: string;
  /** The API's public URL when it sits behind a custom domain; the HTTP API's URL otherwise. */
  publicBaseUrl?: string;
  /** Where browsers land (web console); `${publicBaseUrl}/` otherwise. */
  consoleUrl?: string;
  /** Origins allowed by CORS (the web console). */
  consoleOrigins?: string[];
  componentAppid: string;
  /** An existing secret `{appsecret, token, aesKey}`; a new one (to be filled in) otherwise. */
  componentSecretArn?: string;
  wechatApiBase?: string;
  logRetention?: logs.RetentionDays;
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
  readonly functions: Record<string, ApiFunction> = {};

  constructor(scope: Construct, id: string, props: SocialinzenStackProps) {
    super(scope, id, props);
    const gsi = tableDesign.indexes.gsi1;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDesign.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: gsi.name,
      partitionKey: { name: gsi.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: gsi.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
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

    // No API-wide CORS: API Gateway's would replace the headers the public JSSDK endpoint sets for
    // customers' H5 pages. Each route's function answers CORS itself (src/http/web-headers.ts).
    this.api = new HttpApi(this, 'Api', { description: 'socialinzen API' });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage | undefined;
    if (stage) stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };

    const publicBaseUrl = props.publicBaseUrl ?? this.api.apiEndpoint;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const build = (id: string, entry: string, description: string, access: RouteAccess, timeout?: Duration) => {
      const fn = new ApiFunction(this, constructId(id), {
        entry,
        projectRoot: props.projectRoot,
        description,
        logRetention,
        ...(timeout ? { timeout } : {}),
        environment: {
          PUBLIC_BASE_URL: publicBaseUrl,
          ...(props.consoleUrl ? { CONSOLE_URL: props.consoleUrl } : {}),
          WECHAT_API_BASE: props.wechatApiBase ?? 'https://api.weixin.qq.com',
          ...(props.consoleOrigins?.length ? { CONSOLE_ORIGINS: props.consoleOrigins.join(',') } : {}),
        },
      }).bindTable(this.table, access.table);
      if (access.mail) fn.allowMail(props.sesIdentity, props.mailFrom);
      if (access.bucket) fn.bindBucket(this.bucket, access.bucket, access.bucketPrefix ?? '');
      if (access.wechat) fn.bindComponent(props.componentAppid, componentSecret);
      this.functions[id] = fn;
      return fn;
    };

    const preflightPaths = new Set<string>();
    for (const route of routeList) {
      const fn = build(route.id, route.handler, `${route.method} ${route.path}: ${route.summary}`, route.access);
      // Browsers preflight cross-origin calls: public routes always, the rest when a console origin is set.
      const cors = (route.cors === 'public' || !!props.consoleOrigins?.length) && !preflightPaths.has(route.path);
      if (cors) preflightPaths.add(route.path);
      this.api.addRoutes({
        path: route.path,
        methods: cors ? [HttpMethod[route.method], HttpMethod.OPTIONS] : [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${constructId(route.id)}Integration`, fn.fn),
      });
    }

    for (const [id, entry] of Object.entries(scheduled)) {
      const fn = build(id, entry.handler, entry.summary, entry.access, Duration.minutes(2));
      new events.Rule(this, `${constructId(id)}Schedule`, {
        schedule: events.Schedule.expression(entry.schedule),
        targets: [new targets.LambdaFunction(fn.fn, { retryAttempts: 0 })],
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'ComponentSecretArn', { value: componentSecret.secretArn });
  }
}
