import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { esbuildOptions, sourceMaps } from './bundling';
import type { FunctionRoles } from './function-roles';
import type { RouteAccess } from './routes';
import { tableStatements } from './table-access';

export interface ApiFunctionProps {
  /** Handler module relative to the project root; it exports `handler`. */
  entry: string;
  projectRoot: string;
  description: string;
  environment?: Record<string, string>;
  /** Compile-time constants (`bundleDefine` in lib/bundling.ts). */
  define?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  logRetention: logs.RetentionDays;
  /** Where the function's role comes from: shared with the functions granted exactly the same (lib/function-roles.ts). */
  roles: FunctionRoles;
  /** A VPC placement (the functions that call WeChat: fixed outbound IPs, lib/egress.ts). */
  network?: { vpc: ec2.IVpc; vpcSubnets: ec2.SubnetSelection; securityGroups: ec2.ISecurityGroup[] };
  /** X-Ray active tracing (the WeChat-facing functions: where time goes between us, DynamoDB, KMS and WeChat). */
  tracing?: boolean;
  reservedConcurrency?: number;
}

/**
 * Every Lambda of the product is built here, so runtime, architecture, bundling, logging and
 * environment are the same everywhere; grants come with the environment variable they need. The
 * grants go to the function's stand-in role (lib/function-roles.ts): functions granted the same
 * share one IAM role.
 */
export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // What CDK would attach to a role of the function's own: logs, and network interfaces in a VPC.
    const role = props.roles.accessFor(this, id);
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'));
    if (props.network) role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'));
    this.fn = new NodejsFunction(this, 'Function', {
      role,
      entry: join(props.projectRoot, props.entry),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      ...(props.network ?? {}),
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...(props.tracing ? { tracing: lambda.Tracing.ACTIVE } : {}),
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'socialinzen',
        POWERTOOLS_METRICS_NAMESPACE: 'socialinzen',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      // The options of lib/bundling.ts, which the size budget test and the bench measure.
      bundling: {
        format: OutputFormat.ESM,
        target: esbuildOptions.target,
        minify: esbuildOptions.minify,
        charset: Charset.UTF8,
        sourceMap: sourceMaps,
        mainFields: esbuildOptions.mainFields,
        banner: esbuildOptions.banner.js,
        // Empty: the SDK is bundled (measured to load faster than the runtime's copy).
        externalModules: esbuildOptions.external,
        ...(props.define && Object.keys(props.define).length ? { define: props.define } : {}),
      },
    });
  }

  /** Table access as the route table says: read or write, on its entities' keys only; plus TABLE_NAME. */
  bindTable(table: dynamodb.ITable, access: RouteAccess, audited = false): this {
    for (const statement of tableStatements(table, access, audited)) this.fn.addToRolePolicy(statement);
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * Bucket access limited to the keys under `prefix`, plus BUCKET_NAME. Named actions rather than
   * CDK's grant helpers (which add `s3:GetObject*`, `s3:List*`, `s3:Abort*`); ListBucket, limited
   * to the prefix, lets a missing key answer 404 instead of 403.
   */
  bindBucket(bucket: s3.IBucket, access: NonNullable<RouteAccess['bucket']>, prefix: string): this {
    const objects = bucket.arnForObjects(`${prefix}*`);
    const reads = access === 'read' || access === 'readwrite';
    const writes = access === 'write' || access === 'readwrite';
    const objectActions = [
      ...(reads ? ['s3:GetObject'] : []),
      ...(writes ? ['s3:PutObject', 's3:AbortMultipartUpload'] : []),
      ...(access === 'readwrite' ? ['s3:DeleteObject'] : []),
    ];
    this.fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ObjectsUnderItsPrefix', actions: objectActions, resources: [objects] }));
    if (reads) {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ListItsPrefix',
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
        }),
      );
    }
    this.fn.addEnvironment('BUCKET_NAME', bucket.bucketName);
    return this;
  }

  /** SES send permission for the sender's identity only, plus MAIL_FROM. */
  allowMail(identity: string, mailFrom: string): this {
    const stack = Stack.of(this);
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })],
      }),
    );
    this.fn.addEnvironment('MAIL_FROM', mailFrom);
    return this;
  }

  /** The third-party platform's credentials: appid in the environment, secrets read at cold start. */
  bindComponent(componentAppid: string, secret: secretsmanager.ISecret): this {
    secret.grantRead(this.fn);
    this.fn.addEnvironment('COMPONENT_APPID', componentAppid);
    this.fn.addEnvironment('COMPONENT_SECRET_ARN', secret.secretArn);
    return this;
  }
}
