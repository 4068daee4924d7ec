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
const entries = [...routeList.map((r) => ({ id: r.id as string, wechat: 'wechat' in r.access && r.access.wechat === true })), ...Object.keys(scheduled).map((id) => ({ id, wechat: true }))];

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
      const other = new SocialinzenStack(app, 'Elsewhere', { ...deployedStackProps, env });
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

  it('alarm on API 5xx, callback p99 duration, token refresh failures and the dead-letter queue', () => {
    expect(alarms().some((a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5xx')).toBe(true);
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

  it('reserves concurrency for the scheduled refresh and the uploads', () => {
    const reserved = (id: string) => template.toJSON().Resources[logicalIdOf(id)].Properties.ReservedConcurrentExecutions;
    expect(reserved('refreshTokens')).toBe(1);
    expect(reserved('materials.upload')).toBe(10);
    expect(reserved('materials.uploadVideo')).toBe(10);
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
