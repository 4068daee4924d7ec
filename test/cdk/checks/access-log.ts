import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logSubscribers, routes } from '../../../lib/routes';
import type { SocialinzenStack } from '../../../lib/socialinzen-stack';
import { entities, keyPatterns } from '../../../src/core/data/entities';
import { accessLogFormat } from '../../../src/core/observability/access-log';
import { deployedStack } from '../deployed-stack';

/**
 * The callback's latency statistics in the deployed template: the HTTP API stage's JSON access log
 * (fields: docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html), a
 * CloudWatch Logs subscription filter keeping the callback route's lines, delivered to the
 * log-subscriber function, which holds nothing but its table access.
 */
let template: Template;
let stack: SocialinzenStack;

beforeAll(() => {
  ({ stack, template } = deployedStack());
}, 240_000);

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
const resources = (type: string): [string, Resource][] =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);

describe('the callback latency’s access log and subscription', () => {
  it('logs every request of the stage as one JSON line with the route key, path, status and API Gateway’s latencies', () => {
    const [[, stage]] = resources('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toEqual(accessLogFormat);
    expect(format).toMatchObject({
      routeKey: '$context.routeKey',
      path: '$context.path',
      time: '$context.requestTimeEpoch',
      latency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      status: '$context.status',
    });
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [idOf(stack.apis[0]!.accessLogs!), 'Arn'] });
  });

  it('subscribes the latency function to that log, filtered to the callback route’s lines only', () => {
    const subscriber = logSubscribers.callbackLatency;
    const route = routes[subscriber.route as keyof typeof routes];
    const fnId = idOf(stack.functions['callbackLatency']!.fn);
    const filters = resources('AWS::Logs::SubscriptionFilter');
    expect(filters).toHaveLength(1);
    const [[, filter]] = filters as [[string, Resource]];
    expect(filter.Properties).toEqual({
      LogGroupName: { Ref: idOf(stack.apis[0]!.accessLogs!) },
      FilterPattern: `{ $.routeKey = "${route.method} ${route.path}" }`,
      DestinationArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    expect(filter.Properties.FilterPattern).toBe('{ $.routeKey = "POST /wxplatform/callback/{appid}" }');
    // CloudWatch Logs may invoke it for that log group only
    const permissions = resources('AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties.FunctionName).includes(fnId));
    expect(permissions).toHaveLength(1);
    expect(permissions[0]![1].Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'logs.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [idOf(stack.apis[0]!.accessLogs!), 'Arn'] },
    });
  });

  it('grants the latency function its statistics items and nothing else', () => {
    const fn = template.toJSON().Resources[idOf(stack.functions['callbackLatency']!.fn)];
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Timeout: logSubscribers.callbackLatency.timeoutSeconds });
    const role = template.toJSON().Resources[fn.Properties.Role['Fn::GetAtt'][0]];
    const statements = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
    expect(new Set(statements.flatMap((s: any) => [s.Action].flat()).map((a: string) => a.split(':')[0]))).toEqual(new Set(['dynamodb']));
    const keys = keyPatterns(entities.STATS.keys);
    for (const s of statements) expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], JSON.stringify(s)).toEqual(keys);
  });
});
