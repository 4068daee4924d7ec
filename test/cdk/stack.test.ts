import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList, scheduled } from '../../lib/routes';
import { SocialinzenStack } from '../../lib/socialinzen-stack';

/** CDK assertions on the synthesized template; bundling is skipped (one real bundle: bundling.test.ts). */
let template: Template;
let stack: SocialinzenStack;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new SocialinzenStack(app, 'Test', {
    projectRoot: resolve(import.meta.dirname, '../..'),
    mailFrom: 'no-reply@example.com',
    sesIdentity: 'example.com',
    componentAppid: 'wx0000000000000000',
    consoleOrigins: ['https://console.example.com'],
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  template = Template.fromStack(stack);
  // Synthesis takes ~2 s alone but near a minute on a shared, loaded 2-core machine.
}, 180_000);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (type: string): [string, Resource][] =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

/** The policy statements attached to a function's role. */
const statementsOf = (logicalFunctionId: string): any[] => {
  const fn = template.toJSON().Resources[logicalFunctionId];
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  return resources('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
};

/** The product's functions (not the CDK-provided handler that copies the console into its bucket). */
const productFunctions = () => resources('AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));

const actionsOf = (statements: any[]): string[] => statements.flatMap((s) => [s.Action].flat());

const logicalIdOf = (id: string): string => stack.getLogicalId(stack.functions[id]!.fn.node.defaultChild as never);

describe('the stack', () => {
  it('has one Lambda function per route-table entry and per scheduled entry, and no others', () => {
    expect(productFunctions()).toHaveLength(routeList.length + Object.keys(scheduled).length);
  });

  it('puts every route of the table on the HTTP API', () => {
    const keys = resources('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);

    expect(keys.sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('runs every function on nodejs22.x, arm64, with its own log group that expires', () => {
    for (const [, fn] of productFunctions()) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    const groups = resources('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(productFunctions().length);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('makes the table on-demand with point-in-time recovery, TTL and gsi1', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1', Projection: { ProjectionType: 'ALL' } })],
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('blocks public access to the bucket, encrypts it, refuses plain HTTP and expires staging', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'staging/', ExpirationInDays: 1, Status: 'Enabled' })]),
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('gives SES send permission only to the functions that mail, for the sender identity only', () => {
    for (const route of routeList) {
      const statements = statementsOf(logicalIdOf(route.id));
      const mails = statements.filter((s) => actionsOf([s]).includes('ses:SendEmail'));
      if ('mail' in route.access && route.access.mail) {
        expect(mails, route.id).toHaveLength(1);
        expect(JSON.stringify(mails[0].Resource)).toContain(':identity/example.com');
      } else {
        expect(mails, route.id).toHaveLength(0);
      }
    }
  });

  it('grants no table writes to functions whose route only reads', () => {
    const readOnly = routeList.filter((r) => r.access.table === 'read');
    expect(readOnly.length).toBeGreaterThan(0);
    for (const route of readOnly) {
      const actions = actionsOf(statementsOf(logicalIdOf(route.id)));
      expect(actions, route.id).toContain('dynamodb:GetItem');
      expect(actions.filter((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a)), route.id).toEqual([]);
    }
  });

  it('lets only the WeChat-facing functions read the component secret', () => {
    for (const route of routeList) {
      const reads = statementsOf(logicalIdOf(route.id)).filter((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue'));
      expect(reads.length > 0, route.id).toBe('wechat' in route.access && route.access.wechat === true);
    }
  });

  it('limits each function’s bucket access to its prefix: uploads to staging/, logos to logos/', () => {
    for (const route of routeList) {
      const s3Statements = statementsOf(logicalIdOf(route.id)).filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
      const bucketAccess = 'bucket' in route.access ? route.access : undefined;
      if (!bucketAccess) {
        expect(s3Statements, route.id).toEqual([]);
        continue;
      }
      const objectResources = s3Statements.flatMap((st) => [st.Resource].flat()).filter((r: any) => JSON.stringify(r).includes('/'));
      expect(objectResources.length, route.id).toBeGreaterThan(0);
      for (const resource of objectResources) expect(JSON.stringify(resource), route.id).toContain(`/${bucketAccess.bucketPrefix}*`);
      const actions = actionsOf(s3Statements);
      if (bucketAccess.bucket === 'read') expect(actions.filter((a) => /Put|Delete/.test(a)), route.id).toEqual([]);
    }
  });

  it('runs refreshTokens on an EventBridge schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: scheduled.refreshTokens.schedule,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf('refreshTokens'), 'Arn'] } })],
    });
  });

  it('passes each function the environment it needs', () => {
    const fn = template.toJSON().Resources[logicalIdOf('user.register')];
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'NODE_OPTIONS']),
    );
    const wechat = template.toJSON().Resources[logicalIdOf('component.event')];
    expect(Object.keys(wechat.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['COMPONENT_APPID', 'COMPONENT_SECRET_ARN', 'WECHAT_API_BASE']),
    );
  });
});
