import { Stack } from 'aws-cdk-lib';
import { functionList } from '../../../lib/functions';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { fireSendFunction, logSubscribers, routeList, scheduled, workers, type RouteAccess } from '../../../lib/routes';
import { readActions, writeActions } from '../../../lib/table-access';
import { isAuditedChange } from '../../../src/core/audit/changes';
import { entities, keyPatterns } from '../../../src/core/data/entities';
import type { SocialinzenStack } from '../../../lib/socialinzen-stack';
import { deployedStack } from '../deployed-stack';
import { dependencyCycles, describeUsage, measure, overHeadroom } from '../deployment-limits';

/** CDK assertions on the synthesized template (the one synthesis of test/cdk/deployed-stack.ts). */
let template: Template;
let stack: SocialinzenStack;

beforeAll(() => {
  ({ stack, template } = deployedStack());
}, 240_000); // a full synth (VPC included) on a shared 2-core machine

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (type: string): [string, Resource][] =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

/** A function's role (its logical id): shared with the functions granted exactly the same (lib/function-roles.ts). */
const roleOf = (logicalFunctionId: string): string => template.toJSON().Resources[logicalFunctionId].Properties.Role['Fn::GetAtt'][0];

/** The policy statements a function's role holds: inline in the role, and any policy attached to it. */
const statementsOf = (logicalFunctionId: string): any[] => {
  const roleId = roleOf(logicalFunctionId);
  const role = template.toJSON().Resources[roleId] as Resource;
  return [
    ...((role.Properties.Policies ?? []) as any[]).flatMap((p) => p.PolicyDocument.Statement),
    ...resources('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement),
  ];
};

/** The AWS managed policies (by name) on a function's role. */
const managedPoliciesOf = (logicalFunctionId: string): string[] =>
  ((template.toJSON().Resources[roleOf(logicalFunctionId)].Properties.ManagedPolicyArns ?? []) as any[]).map((arn) =>
    JSON.stringify(arn).replace(/.*:policy\/(service-role\/)?([\w-]+).*/, '$2'),
  );

/** The product's own functions (not CDK's custom-resource providers: bucket deployment, VPC default SG). */
const productFunctions = () => {
  const ours = new Set(Object.values(stack.functions).map((f) => stack.getLogicalId(f.fn.node.defaultChild as never)));
  return resources('AWS::Lambda::Function').filter(([id]) => ours.has(id));
};

const actionsOf = (statements: any[]): string[] => statements.flatMap((s) => [s.Action].flat());

const logicalIdOf = (id: string): string => stack.getLogicalId(stack.functions[id]!.fn.node.defaultChild as never);

describe('the stack', () => {
  it('has one Lambda function per entry of the function list (routes, scheduled, workers, the record stream consumer), and no others', () => {
    expect(productFunctions()).toHaveLength(functionList.length);
  });

  it('feeds the callback worker from a queue with a dead-letter queue, reporting failures per message', () => {
    const queues = resources('AWS::SQS::Queue').filter(([id]) => id.startsWith('CallbackJobs'));
    const [, main] = queues.find(([, q]) => q.Properties.RedrivePolicy)!;
    const [dlqId] = queues.find(([, q]) => !q.Properties.RedrivePolicy)!;
    const worker = logicalIdOf('callbackJobs');

    expect(queues).toHaveLength(2);
    expect(main.Properties).toMatchObject({
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: workers.callbackJobs.maxReceiveCount },
      VisibilityTimeout: workers.callbackJobs.timeoutSeconds * 6,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: worker },
      BatchSize: workers.callbackJobs.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(actionsOf(statementsOf(worker))).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
  });

  it('lets the callback send to the queue and tells it the URL; no other route may', () => {
    const callback = logicalIdOf('callback.message');
    const env = template.toJSON().Resources[callback].Properties.Environment.Variables;

    expect(env[workers.callbackJobs.queueUrlVariable]).toBeDefined();
    expect(actionsOf(statementsOf(callback))).toContain('sqs:SendMessage');
    // A route sends to a queue only when its access declares one (the callback's jobs; a follower sync's slices).
    for (const route of routeList.filter((r) => !('queues' in r.access) || !(r.access as { queues?: readonly string[] }).queues?.length)) {
      expect(actionsOf(statementsOf(logicalIdOf(route.id))), route.id).not.toContain('sqs:SendMessage');
    }
  });

  it('lets a worker that continues in slices send to its own queue, with its URL; the callback jobs\' worker sends nowhere', () => {
    for (const id of ['followerSync', 'templateSend', 'audienceJobs'] as const) {
      const worker = logicalIdOf(id);
      const env = template.toJSON().Resources[worker].Properties.Environment.Variables;
      expect(workers[id].continues, id).toBe(true);
      expect(env[workers[id].queueUrlVariable], id).toBeDefined();
      expect(actionsOf(statementsOf(worker)), id).toContain('sqs:SendMessage');
    }
    expect(actionsOf(statementsOf(logicalIdOf('callbackJobs')))).not.toContain('sqs:SendMessage');
  });

  it('puts every route of the table on the HTTP API', () => {
    const keys = resources('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);

    expect(keys.filter((k) => !k.startsWith('OPTIONS ')).sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('leaves CORS to the functions: no API-wide CORS, OPTIONS on the public route and one catch-all for console origins', () => {
    const api = resources('AWS::ApiGatewayV2::Api')[0]![1];
    const keys = resources('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    const jsticket = resources('AWS::Lambda::Function').find(([id]) => id === logicalIdOf('platform.jsticket'))![1];

    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const publicPaths = routeList.filter((r) => 'cors' in r && r.cors === 'public').map((r) => `OPTIONS ${r.path}`);
    expect(keys.filter((k) => k.startsWith('OPTIONS ')).sort()).toEqual([...publicPaths, 'OPTIONS /{proxy+}'].sort());
    expect(jsticket.Properties.Environment.Variables.CONSOLE_ORIGINS).toBe('https://console.example.com');
  });

  it('keeps every template and every HTTP API under 60% of each CloudFormation limit and API Gateway quota', () => {
    // Counted from the synthesized templates (test/cdk/deployment-limits.ts); the same rule holds
    // with 200 more routes (test/cdk/deployment-growth.test.ts).
    const { templates, synthSeconds } = deployedStack();
    const usage = measure(templates);
    console.log(`today's routes (${routeList.length}), synthesized with cdk-nag in ${synthSeconds.toFixed(1)} s:\n${describeUsage(usage)}`);

    expect(usage.templates.length).toBeGreaterThan(1);
    expect(overHeadroom(usage)).toEqual([]);
  });

  it('orders every template: no dependency cycle between the root and its nested stacks or inside one', () => {
    const { templates } = deployedStack();
    for (const t of [templates.root, ...templates.nested.map((n) => n.template)]) expect(dependencyCycles(t)).toEqual([]);
  });

  it('runs every function on nodejs22.x, arm64, with its own log group that expires', () => {
    for (const [, fn] of productFunctions()) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    const groups = resources('AWS::Logs::LogGroup');
    // Each function logs to a group of its own (besides: the API's access log, the VPC's flow log).
    const ids = new Set(groups.map(([id]) => id));
    const own = productFunctions().map(([, fn]) => fn.Properties.LoggingConfig.LogGroup.Ref as string);
    expect(own.every((id) => ids.has(id))).toBe(true);
    expect(new Set(own).size).toBe(productFunctions().length);
    for (const [id, group] of groups.filter(([id]) => own.includes(id))) expect(group.Properties.RetentionInDays, id).toBe(30);
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
      expect.arrayContaining(['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM']),
    );
    const wechat = template.toJSON().Resources[logicalIdOf('component.event')];
    expect(Object.keys(wechat.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['COMPONENT_APPID', 'COMPONENT_SECRET_ARN', 'WECHAT_API_BASE']),
    );
  });

  it('leaves password hashing at its full cost: no function is given the test suite\'s PASSWORD_HASH_LOG2N', () => {
    const functions = resources('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) expect(Object.keys(fn.Properties['Environment']?.Variables ?? {}), id).not.toContain('PASSWORD_HASH_LOG2N');
  });
});

describe('least privilege on the table', () => {
  const tableArn = () => ({ 'Fn::GetAtt': [stack.getLogicalId(stack.table.node.defaultChild as never), 'Arn'] });
  const entries = [
    ...routeList.map((r) => ({ id: r.id as string, access: r.access as RouteAccess, audited: isAuditedChange(r) })),
    ...Object.entries(scheduled).map(([id, s]) => ({ id, access: s.access as RouteAccess, audited: false })),
  ];

  it('gives every function the table actions of its access, only on the key prefixes of its entities', () => {
    for (const { id, access, audited } of entries) {
      // Prepare
      const expectedKeys = [...new Set(access.entities.flatMap((e) => keyPatterns(entities[e].keys)))].sort();
      const expectedIndexKeys = [...new Set(access.entities.flatMap((e) => keyPatterns(entities[e].indexKeys)))].sort();

      // Act
      const dynamo = statementsOf(logicalIdOf(id)).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));

      // Assess: one statement on the table, one on gsi1 if the entities query it, and for exactly the
      // routes the endpoint wrapper audits one that may add their audit entries (AUDIT# items); nothing else.
      const audit = dynamo.filter((s) => s.Sid === 'AuditEntriesOfItsChanges');
      expect(audit.length, id).toBe(audited && !access.entities.includes('AUDIT') ? 1 : 0);
      for (const a of audit) {
        expect([a.Action].flat().sort(), id).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
        expect(a.Condition, id).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPatterns(entities.AUDIT.keys) } });
      }
      const onTable = dynamo.filter((s) => !audit.includes(s) && JSON.stringify(s.Resource) === JSON.stringify(tableArn()));
      expect(onTable, id).toHaveLength(1);
      expect(onTable[0].Condition, id).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': expectedKeys } });
      expect([onTable[0].Action].flat().sort(), id).toEqual(
        (access.table === 'read' ? readActions : [...readActions, ...writeActions]).slice().sort(),
      );
      const onIndex = dynamo.filter((s) => s !== onTable[0] && !audit.includes(s));
      if (expectedIndexKeys.length === 0) expect(onIndex, id).toEqual([]);
      else {
        expect(onIndex, id).toHaveLength(1);
        expect(onIndex[0].Action, id).toBe('dynamodb:Query');
        expect(JSON.stringify(onIndex[0].Resource), id).toContain('/index/gsi1');
        expect(onIndex[0].Condition, id).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': expectedIndexKeys } });
      }
      expect(actionsOf(dynamo), id).not.toContain('dynamodb:Scan');
      expect(actionsOf(dynamo).filter((a) => a.includes('*')), id).toEqual([]);
    }
  });

  it('keeps listReply away from accounts’ secrets and tokens: rules and accounts only, read-only', () => {
    const dynamo = statementsOf(logicalIdOf('replies.list')).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    const keys = dynamo.flatMap((s) => s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']);
    expect(keys).not.toContain('TOKEN#*');
    expect(keys).not.toContain('COMPONENT#*');
    expect(actionsOf(dynamo).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    // …and it cannot decrypt the secrets of the ACCOUNT items it reads.
    expect(actionsOf(statementsOf(logicalIdOf('replies.list'))).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });
});

describe('the tenant-secret key', () => {
  const keyId = () => stack.getLogicalId(stack.node.findChild('TenantSecrets').node.findChild('Key').node.defaultChild as never);

  it('is a customer-managed key with rotation, kept on deletion, that refuses any other encryption context', () => {
    const [, key] = resources('AWS::KMS::Key')[0]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    const deny = key.Properties.KeyPolicy.Statement.find((s: any) => s.Effect === 'Deny');
    expect(deny).toMatchObject({
      Principal: { AWS: '*' },
      Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
      Condition: {
        StringNotEquals: { 'kms:EncryptionContext:service': 'socialinzen', 'kms:EncryptionContext:purpose': 'tenant-secrets' },
      },
    });
  });

  it('lets only the WeChat-facing functions and the scheduled refresh use it, under the context, with TENANT_KEY_ID', () => {
    const entries = [
      ...routeList.map((r) => ({ id: r.id as string, access: r.access as RouteAccess })),
      ...Object.entries(scheduled).map(([id, s]) => ({ id, access: s.access as RouteAccess })),
    ];
    for (const { id, access } of entries) {
      const kms = statementsOf(logicalIdOf(id)).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
      const env = template.toJSON().Resources[logicalIdOf(id)].Properties.Environment.Variables;
      if (access.wechat) {
        expect(kms, id).toHaveLength(1);
        expect([kms[0].Action].flat().sort(), id).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
        expect(kms[0].Resource, id).toEqual({ 'Fn::GetAtt': [keyId(), 'Arn'] });
        expect(kms[0].Condition.StringEquals['kms:EncryptionContext:purpose'], id).toBe('tenant-secrets');
        expect(env.TENANT_KEY_ID, id).toEqual({ 'Fn::GetAtt': [keyId(), 'Arn'] });
      } else {
        expect(kms, id).toEqual([]);
        expect(env.TENANT_KEY_ID, id).toBeUndefined();
      }
    }
  });
});

describe('roles shared by functions of equal access', () => {
  // 'fired': invoked by the one-time schedules of scheduled sends (no rule, no queue of its own);
  // 'logs': fed by the access log's subscription filter (CloudWatch Logs invokes it: no role grant).
  type Kind = 'route' | 'scheduled' | 'worker' | 'fired' | 'logs';
  const entries = () => [
    ...routeList.map((r) => ({ kind: 'route' as Kind, id: r.id as string, access: r.access as RouteAccess, audited: isAuditedChange(r) })),
    ...Object.entries(scheduled).map(([id, s]) => ({ kind: 'scheduled' as Kind, id, access: s.access as RouteAccess, audited: false })),
    { kind: 'fired' as Kind, id: 'fireSend', access: fireSendFunction.access as RouteAccess, audited: false },
    ...Object.entries(workers).map(([id, w]) => ({ kind: 'worker' as Kind, id, access: w.access as RouteAccess, audited: false })),
    ...Object.entries(logSubscribers).map(([id, l]) => ({ kind: 'logs' as Kind, id, access: l.access as RouteAccess, audited: false })),
  ];
  /**
   * What a function's definition entitles it to, written from the route table alone: its table
   * access on its entities' keys, mail, bucket and prefix, WeChat, the queues it sends to; and, for
   * a scheduled function or a worker, its own queue (dead letters, or the queue it consumes); for a
   * route the endpoint wrapper audits, its audit entries.
   */
  const derivedAccess = ({ kind, id, access, audited }: ReturnType<typeof entries>[number]) =>
    JSON.stringify({
      table: access.table,
      audited: audited && !access.entities.includes('AUDIT'),
      keys: [...new Set(access.entities.flatMap((e) => keyPatterns(entities[e].keys)))].sort(),
      indexKeys: [...new Set(access.entities.flatMap((e) => keyPatterns(entities[e].indexKeys)))].sort(),
      mail: Boolean(access.mail),
      bucket: access.bucket ? `${access.bucket} ${access.bucketPrefix ?? ''}` : null,
      wechat: Boolean(access.wechat),
      queues: [...(access.queues ?? [])].sort(),
      schedules: Boolean(access.schedules),
      own: kind === 'route' ? null : id,
    });
  const queueId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
  const sendSchedules = () => stack.node.findChild('SendSchedules');
  const invokeRoleId = () => stack.getLogicalId(sendSchedules().node.findChild('InvokeRole').node.defaultChild as never);
  const groupId = () => stack.getLogicalId(sendSchedules().node.findChild('Group') as never);
  /** scheduler:* only on the send group's send-* schedules; iam:PassRole only of the scheduler's invoke role, only to the scheduler. */
  const isScheduleGrant = (statement: any): boolean => {
    const actions = [statement.Action].flat().sort();
    if (actions.every((a: string) => a.startsWith('scheduler:'))) {
      const resource = JSON.stringify(statement.Resource);
      return JSON.stringify(actions) === JSON.stringify(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']) && resource.includes(`{"Ref":"${groupId()}"}`) && resource.endsWith('"/send-*"]]}');
    }
    return (
      JSON.stringify(actions) === '["iam:PassRole"]' &&
      JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [invokeRoleId(), 'Arn'] }) &&
      statement.Condition?.StringEquals?.['iam:PassedToService'] === 'scheduler.amazonaws.com'
    );
  };

  it('shares a role only between functions of one nested stack whose definitions derive the same access, one role per distinct access in each', () => {
    // Prepare: roles are shared within a nested stack (lib/area-stack.ts), never across two.
    const nestedStackOf = (id: string) => Stack.of(stack.functions[id]!).node.id;
    const byRole = new Map<string, { id: string; derived: string; nested: string }[]>();
    for (const entry of entries()) {
      const role = roleOf(logicalIdOf(entry.id));
      byRole.set(role, [...(byRole.get(role) ?? []), { id: entry.id, derived: derivedAccess(entry), nested: nestedStackOf(entry.id) }]);
    }
    const distinct = new Set(entries().map((e) => `${nestedStackOf(e.id)} ${derivedAccess(e)}`));

    // Assess
    for (const [role, users] of byRole) {
      expect(new Set(users.map((u) => u.derived)).size, `${role}: ${users.map((u) => u.id).join(', ')}`).toBe(1);
      expect(new Set(users.map((u) => u.nested)).size, `${role}: ${users.map((u) => u.id).join(', ')}`).toBe(1);
    }
    expect(byRole.size).toBe(distinct.size);
    expect(byRole.size).toBeLessThan(entries().length);
  });

  it('grants no function anything its own definition does not derive', () => {
    for (const entry of entries()) {
      const { kind, id, access } = entry;
      const fnId = logicalIdOf(id);
      const ownQueues = new Set<string>([
        ...(access.queues ?? []).map((q) => queueId(stack.queues[q]!.queue)),
        ...(kind === 'worker' ? [queueId(stack.queues[id]!.queue)] : []),
        ...(kind === 'scheduled' ? [queueId(stack.node.findChild(`${stack.functions[id]!.node.id}DeadLetters`))] : []),
      ]);
      for (const statement of statementsOf(fnId)) {
        const services = new Set(actionsOf([statement]).map((a) => a.split(':')[0]));
        expect(services.size, `${id}: ${JSON.stringify(statement)}`).toBe(1);
        const [service] = services;
        const allowed =
          service === 'dynamodb' ||
          (service === 'ses' && Boolean(access.mail)) ||
          (service === 's3' && Boolean(access.bucket)) ||
          (['secretsmanager', 'kms', 'xray'].includes(service!) && Boolean(access.wechat)) ||
          (['scheduler', 'iam'].includes(service!) && Boolean(access.schedules) && isScheduleGrant(statement)) ||
          (service === 'sqs' && [statement.Resource].flat().every((r: any) => ownQueues.has(r['Fn::GetAtt']?.[0])));
        expect(allowed, `${id}: ${JSON.stringify(statement)}`).toBe(true);
      }
      const managed = managedPoliciesOf(fnId).sort();
      expect(managed, id).toEqual(
        access.wechat ? ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole'] : ['AWSLambdaBasicExecutionRole'],
      );
    }
  });

  it('lets exactly the functions whose access declares schedules make and delete send schedules and pass the invoke role, which may invoke only the firing function', () => {
    const scheduling = entries().filter((e) => e.access.schedules).map((e) => e.id).sort();
    const granted = entries()
      .filter((e) => statementsOf(logicalIdOf(e.id)).some((s) => actionsOf([s]).some((a) => a.startsWith('scheduler:') || a === 'iam:PassRole')))
      .map((e) => e.id)
      .sort();

    expect(scheduling).toEqual(['content.approveSend', 'content.cancelSend', 'content.massSend', 'content.publish']);
    expect(granted).toEqual(scheduling);
    for (const id of scheduling) {
      const grants = statementsOf(logicalIdOf(id)).filter((s) => actionsOf([s]).some((a) => a.startsWith('scheduler:') || a.startsWith('iam:')));
      expect(grants, id).toHaveLength(2);
      for (const g of grants) expect(isScheduleGrant(g), `${id}: ${JSON.stringify(g)}`).toBe(true);
      const env = template.toJSON().Resources[logicalIdOf(id)].Properties.Environment.Variables;
      expect(env.SEND_SCHEDULE_GROUP, id).toEqual({ Ref: groupId() });
      expect(env.SEND_SCHEDULER_ROLE_ARN, id).toEqual({ 'Fn::GetAtt': [invokeRoleId(), 'Arn'] });
      expect(env.SEND_FIRE_TARGET_ARN, id).toEqual({ 'Fn::GetAtt': [logicalIdOf('fireSend'), 'Arn'] });
    }
    const invoke = resources('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === invokeRoleId())).flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(invoke).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [logicalIdOf('fireSend'), 'Arn'] } })]);
  });
});

describe('bulk work (issue 26)', () => {
  it("caps each bulk worker's queue at its maximumConcurrency, so bulk work never takes the concurrency the callback needs", () => {
    for (const id of ['followerSync', 'audienceJobs'] as const) {
      expect(workers[id].maximumConcurrency, id).toBeLessThanOrEqual(5);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: logicalIdOf(id) }, ScalingConfig: { MaximumConcurrency: workers[id].maximumConcurrency } });
    }
    // The callback's own worker is not capped by a bulk queue's limit.
    const callbackMapping = resources('AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.FunctionName?.Ref === logicalIdOf('callbackJobs'))!;
    expect(callbackMapping[1].Properties.ScalingConfig).toBeUndefined();
  });

  it('expires follower exports a day after they are written (S3 counts in days; the status refuses links after 24 hours)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' })]) },
    });
  });
});
