import { App, Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeNagFindings, nagAcknowledgements } from '../../../lib/nag-suppressions';
import { routeList, scheduled } from '../../../lib/routes';
import { SocialinzenStack } from '../../../lib/socialinzen-stack';
import { cdkContext } from '../app-context';
import { deployedStack, deployedStackProps } from '../deployed-stack';

/**
 * The stack as ops runs it: cdk-nag's AwsSolutions pack over the whole stack (as bin/app.ts runs
 * it on every synth), alarms, dashboard, access logs, tracing, throttles, the scheduled refresh's
 * retries and dead letters. The one synthesis of test/cdk/deployed-stack.ts (bundling skipped).
 */
let outdir: string;
let stack: SocialinzenStack;
let template: Template;
let unmatched: string[];
let synthError: unknown;

beforeAll(() => {
  ({ outdir, stack, template, unmatched, synthError } = deployedStack());
}, 240_000);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (type: string): [string, Resource][] =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const logicalIdOf = (id: string): string => stack.getLogicalId(stack.functions[id]!.fn.node.defaultChild as never);
const entries = [...routeList.map((r) => ({ id: r.id as string, wechat: 'wechat' in r.access && r.access.wechat === true })), ...Object.entries(scheduled).map(([id, s]) => ({ id, wechat: 'wechat' in s.access && s.access.wechat === true }))];

describe('cdk-nag (AwsSolutions)', () => {
  it('reports no finding that is neither fixed nor acknowledged with a reason', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'policy-validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap((p: any) =>
      p.violations.flatMap((v: any) => v.violatingResources.map((r: any) => `${v.ruleName} ${r.constructPath}`)),
    );

    expect(violations).toEqual([]);
    expect(synthError).toBeUndefined();
  });

  it('passes for an environment-agnostic stack too (`cdk synth` without credentials) and in another account and region', () => {
    for (const env of [undefined, { account: '210987654321', region: 'ap-east-1' }]) {
      // Prepare
      const dir = mkdtempSync(join(tmpdir(), 'socialinzen-nag-'));
      const app = new App({ outdir: dir, context: cdkContext });
      // SES does not exist in ap-east-1 (CloudFormation's validation says so): the identity is
      // then made outside the stack, in a region that has SES (docs/deploy.md).
      const other = new SocialinzenStack(app, 'Elsewhere', { ...deployedStackProps, env, ...(env ? { createSesIdentity: false } : {}) });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

      try {
        // Act & Assess: a finding fails the synthesis
        expect(acknowledgeNagFindings(other), JSON.stringify(env)).toEqual([]);
        expect(() => app.synth(), JSON.stringify(env)).not.toThrow();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 120_000);

  it('keeps every acknowledgement in lib/nag-suppressions.ts, each with a reason and each still matching something', () => {
    expect(unmatched).toEqual([]);
    for (const ack of nagAcknowledgements) {
      expect(ack.reason.length, ack.rule).toBeGreaterThan(60);
      expect(ack.paths.length, ack.rule).toBeGreaterThan(0);
    }
  });

  it('sets every feature flag aws-cdk-lib recommends (cdk.json, which the tests synthesize with)', async () => {
    const recommended = (await import('aws-cdk-lib/recommended-feature-flags.json', { with: { type: 'json' } })).default as Record<string, unknown>;
    for (const [flag, value] of Object.entries(recommended)) expect(cdkContext[flag], flag).toEqual(value);
  });

  it('fixed what was real: bucket access logs, table deletion protection', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'bucket/' },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'staging/' })]) },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});

describe('alarms', () => {
  const alarms = () => resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const topicRef = () => ({ Ref: stack.getLogicalId(stack.node.findChild('Observability').node.findChild('AlarmTopic').node.defaultChild as never) });

  it('alarm on errors and throttles of every function (metric-math alarms of at most ten functions)', () => {
    for (const { id } of entries) {
      const onFn = alarms().filter((a) =>
        (a.Metrics ?? []).some((m: any) => m.MetricStat?.Metric?.Namespace === 'AWS/Lambda' && m.MetricStat.Metric.Dimensions?.[0]?.Value?.Ref === logicalIdOf(id)),
      );
      const names = onFn.flatMap((a) => (a.Metrics as any[]).filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric.MetricName));
      expect([...new Set(names)].sort(), id).toEqual(['Errors', 'Throttles']);
    }
    for (const a of alarms().filter((a) => a.Metrics)) expect(a.Metrics.filter((m: any) => m.MetricStat).length).toBeLessThanOrEqual(10);
  });

  it('alarm on callback p99 duration, token refresh failures and the dead-letter queue', () => {
    const p99 = alarms().find((a) => a.MetricName === 'Duration' && a.ExtendedStatistic === 'p99');
    expect(p99?.Dimensions[0].Value).toEqual({ Ref: logicalIdOf('callback.message') });
    expect(p99?.Threshold).toBe(3000);
    const refresh = alarms().find((a) => JSON.stringify(a.Metrics ?? []).includes('TokenRefreshFailed'));
    expect(refresh?.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'kind').Value).sort()).toEqual(
      ['authorizer', 'component', 'direct', 'jsapi'],
    );
    const dlqs = resources('AWS::SQS::Queue').filter(([id]) => /DeadLetters/.test(id)).map(([id]) => id);
    const watched = alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible').map((a) => a.Dimensions[0].Value);
    expect(dlqs.length).toBeGreaterThanOrEqual(2); // the scheduled refresh's and the callback worker's
    for (const dlqId of dlqs) expect(watched, dlqId).toContainEqual({ 'Fn::GetAtt': [dlqId, 'QueueName'] });
  });

  const alarmNamed = (name: string) => resources('AWS::CloudWatch::Alarm').find(([id]) => id.startsWith(`Observability${name}`))?.[1].Properties;
  const metricsOf = (a: any) => (a.Metrics as any[]).filter((m) => m.MetricStat).map((m) => ({ id: m.Id, ...m.MetricStat.Metric, stat: m.MetricStat.Stat }));

  it('alarm on every internal error (errcode 50000, the InternalError metric the error mapper writes)', () => {
    const internal = alarmNamed('InternalErrors');
    expect(internal).toMatchObject({ Namespace: 'socialinzen', MetricName: 'InternalError', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(internal?.Dimensions).toEqual([{ Name: 'service', Value: 'socialinzen' }]);
  });

  it('alarm on 5xx as a rate of requests, WeChat failures and busy answers subtracted, only with enough traffic', () => {
    const rate = alarmNamed('Api5xxRate')!;
    const metrics = metricsOf(rate);
    const expression = (rate.Metrics as any[]).find((m) => m.Expression && m.ReturnData !== false).Expression as string;

    expect(metrics.map((m) => `${m.Namespace}/${m.MetricName}`).sort()).toEqual(['AWS/ApiGateway/5xx', 'AWS/ApiGateway/Count', 'socialinzen/BusyAnswered', 'socialinzen/WechatFailure']);
    expect(expression).toMatch(/^IF\(\(FILL\(c0, 0\)\) >= 20, 100 \* IF\(\(FILL\(e0, 0\)\) - FILL\(w, 0\) - FILL\(b, 0\) > 0/);
    expect(rate).toMatchObject({ Threshold: 5, EvaluationPeriods: 3, DatapointsToAlarm: 2, ComparisonOperator: 'GreaterThanThreshold' });
    // WeChat's failures stay one series: the tenant is a property of the EMF line, not a dimension.
    expect(metrics.find((m) => m.MetricName === 'WechatFailure').Dimensions).toEqual([{ Name: 'service', Value: 'socialinzen' }]);
    expect(alarms().some((a) => a.MetricName === '5xx')).toBe(false);
  });

  it('offer a saved Logs Insights query of WeChat failures by tenant (appid)', () => {
    const [[, query]] = resources('AWS::Logs::QueryDefinition') as [[string, Resource]];
    expect(query.Properties.QueryString).toMatch(/filter WechatFailure = 1/);
    expect(query.Properties.QueryString).toMatch(/by appid, wxerrcode, route/);
  });

  it('alarm on DynamoDB throttles of the table and its index, reads and writes', () => {
    const throttles = metricsOf(alarmNamed('TableThrottles'));
    const tableId = stack.getLogicalId(stack.table.node.defaultChild as never);

    expect(throttles.map((m) => `${m.MetricName} ${m.Dimensions.map((d: any) => d.Name).sort().join('+')}`).sort()).toEqual([
      'ReadThrottleEvents GlobalSecondaryIndexName+TableName', 'ReadThrottleEvents TableName',
      'WriteThrottleEvents GlobalSecondaryIndexName+TableName', 'WriteThrottleEvents TableName',
    ]);
    for (const m of throttles) expect(m.Dimensions.find((d: any) => d.Name === 'TableName').Value).toEqual({ Ref: tableId });
  });

  it('alarm on the age of the oldest message of every queue: work queues at 10 minutes, dead-letter queues before SQS deletes', () => {
    const queues = resources('AWS::SQS::Queue').map(([id]) => id);
    const ageAlarms = alarms().filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage');

    expect(queues.length).toBeGreaterThanOrEqual(5);
    for (const queueId of queues) {
      const onQueue = ageAlarms.find((a) => JSON.stringify(a.Dimensions[0].Value) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'QueueName'] }));
      expect(onQueue, queueId).toBeDefined();
      expect(onQueue!.Threshold, queueId).toBe(/DeadLetters|Failures/.test(queueId) ? 10 * 24 * 3600 : 600);
    }
  });

  it('alarm on the account\'s SES bounce and complaint rates before SES reviews the account', () => {
    expect(alarmNamed('SesBounceRate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.04, Period: 3600 });
    expect(alarmNamed('SesComplaintRate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.0008, Period: 3600 });
    expect(alarmNamed('SesBounceRate')?.Dimensions).toBeUndefined();
  });

  it('notify the alarm topic (an output, mailed to ops) on alarm and on recovery', () => {
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions, alarm.AlarmDescription).toEqual([topicRef()]);
      expect(alarm.OKActions, alarm.AlarmDescription).toEqual([topicRef()]);
      expect(alarm.AlarmDescription.length).toBeGreaterThan(20);
    }
    template.hasOutput('AlarmTopicArn', { Value: topicRef() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });
});

describe('dashboard, logs, tracing, limits', () => {
  it('has a dashboard with the business metrics', () => {
    const [[, dashboard]] = resources('AWS::CloudWatch::Dashboard') as [[string, Resource]];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of ['CallbackAnswered', 'ReplyNotReadyInTime', 'WechatError', 'TokenRefreshFailed', 'LoginFailed', 'LoginLockedOut']) {
      expect(body, metric).toContain(metric);
    }
  });

  it('writes API access logs as JSON lines carrying the request id our functions log as correlation id', () => {
    const [[, stage]] = resources('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
    expect(stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][1]).toBe('Arn');
  });

  it('traces the WeChat-facing functions (active tracing) and only them', () => {
    for (const { id, wechat } of entries) {
      const fn = template.toJSON().Resources[logicalIdOf(id)];
      expect(fn.Properties.TracingConfig?.Mode, id).toBe(wechat ? 'Active' : undefined);
    }
  });

  it('throttles login, register, resendVerification and jsticket below the stage default', () => {
    const [[, stage]] = resources('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const settings = stage.Properties.RouteSettings;
    for (const id of ['user.login', 'user.register', 'user.resendVerification', 'platform.jsticket'] as const) {
      const route = routeList.find((r) => r.id === id)!;
      const limits = settings[`${route.method} ${route.path}`];
      expect(limits, id).toBeDefined();
      expect(limits.ThrottlingRateLimit, id).toBeLessThan(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit);
      expect(limits.ThrottlingBurstLimit, id).toBeLessThan(stage.Properties.DefaultRouteSettings.ThrottlingBurstLimit);
    }
  });

  it('reserves no concurrency by default (a new account\'s quota would refuse the deploy)', () => {
    const reserving = resources('AWS::Lambda::Function').filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined);
    expect(resources('AWS::Lambda::Function').length).toBeGreaterThan(40);
    expect(reserving.map(([id]) => id)).toEqual([]);
  });

  it('retries a failed scheduled refresh twice, then keeps it in a dead-letter queue', () => {
    const [dlqId] = resources('AWS::SQS::Queue').find(([id]) => id.startsWith('RefreshTokensDeadLetters'))!;
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf('refreshTokens') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } } })],
    });
  });
});

describe('the SES identity', () => {
  it('is created by the stack for the sender\'s domain, with Easy DKIM (2048-bit), retained on delete, its id pinned', () => {
    const identities = resources('AWS::SES::EmailIdentity');
    const raw = template.toJSON().Resources[identities[0]![0]];

    expect(identities).toHaveLength(1);
    expect(identities[0]![0]).toBe('MailIdentity3BE2D094');
    expect(identities[0]![1].Properties).toMatchObject({
      EmailIdentity: 'example.com',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
    });
    expect(raw.DeletionPolicy).toBe('Retain');
  });

  it('prints its three DKIM CNAME records as outputs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: any }>;
    for (const n of [1, 2, 3]) {
      const value = JSON.stringify(outputs[`DkimRecord${n}`]?.Value);
      expect(value, `DkimRecord${n}`).toContain(`DkimDNSTokenName${n}`);
      expect(value, `DkimRecord${n}`).toContain(`DkimDNSTokenValue${n}`);
      expect(value).toContain(' CNAME ');
    }
  });
});
