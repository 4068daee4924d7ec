import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { metricNames, metricsNamespace } from '../src/core/observability/metric-names';

/**
 * Alarms, the alarm topic and the dashboard. What each alarm means and what to do about it is in
 * the README ("Operate"); the alarm descriptions say it in one line.
 *
 * Built last in the stack (`Observability.attach` at the end of its constructor): it alarms on
 * every function and every dead-letter queue the stack holds by then, whoever added them.
 */
export interface ObservabilityProps {
  /** Every HTTP API of the product (lib/http-apis.ts), the first one first. */
  apis: HttpApi[];
  /** Every function of the stack, by route or schedule id. */
  functions: Record<string, lambda.Function>;
  /** The message callback (p99 duration alarm). */
  callbackFunctionId: string;
  /** Where alarm mails go (context `alarmEmail`); the topic ARN is an output either way. */
  alarmEmail?: string;
}

/** The business metrics of src/core/observability/metrics.ts, as CloudWatch metrics. */
const business = (name: string, dimensions: Record<string, string> = {}, statistic = 'Sum', period = Duration.minutes(5)) =>
  new cloudwatch.Metric({
    namespace: metricsNamespace,
    metricName: name,
    dimensionsMap: { service: 'socialinzen', ...dimensions },
    statistic,
    period,
  });

const tokenKinds = ['component', 'authorizer', 'direct', 'jsapi'] as const;

/** Queues our own code sends failures to (no redrive or destination says so): alarmed as dead-letter queues. */
const failureQueues = new WeakSet<sqs.IQueue>();

/** Alarm on this queue as on a dead-letter queue (e.g. the record stream's plug-in failures, lib/record-stream.ts). */
export const alarmAsFailureQueue = (queue: sqs.IQueue): void => {
  failureQueues.add(queue);
};

/**
 * Queues some other resource of the stack sends its failures to: SQS redrive, Lambda DLQ or
 * destination, EventBridge target DLQ, a stream event source's on-failure destination; and the
 * queues marked with {@link alarmAsFailureQueue}.
 */
export const deadLetterQueues = (stack: Stack): sqs.IQueue[] => {
  const queues = stack.node.findAll().filter((c): c is sqs.Queue => c instanceof sqs.Queue);
  const resolved = (value: unknown) => JSON.stringify(stack.resolve(value));
  const referenced = new Set<string>();
  const note = (value: unknown) => value !== undefined && referenced.add(resolved(value));
  for (const c of stack.node.findAll() as IConstruct[]) {
    const resource = c as unknown as Record<string, unknown>;
    const type = resource['cfnResourceType'];
    // L1 properties may be lazy: resolve them to plain values first.
    const prop = (name: string): any => (resource[name] === undefined ? undefined : stack.resolve(resource[name]));
    if (type === 'AWS::SQS::Queue') note(prop('redrivePolicy')?.deadLetterTargetArn);
    if (type === 'AWS::Lambda::Function') note(prop('deadLetterConfig')?.targetArn);
    if (type === 'AWS::Lambda::EventInvokeConfig') note(prop('destinationConfig')?.onFailure?.destination);
    if (type === 'AWS::Lambda::EventSourceMapping') note(prop('destinationConfig')?.onFailure?.destination);
    if (type === 'AWS::Events::Rule') for (const t of prop('targets') ?? []) note(t.deadLetterConfig?.arn);
    if (type === 'AWS::Pipes::Pipe') note(prop('sourceParameters')?.sqsQueueParameters?.deadLetterConfig?.arn);
  }
  return queues.filter((q) => referenced.has(resolved(q.queueArn)) || failureQueues.has(q));
};

export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  /** Adds the observability of a finished stack; call it as the last statement of the stack's constructor. */
  static attach(stack: Stack, props: ObservabilityProps): Observability {
    return new Observability(stack, 'Observability', props);
  }

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Alarms publish to an encrypted topic: CloudWatch needs the key, hence a key of its own.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'socialinzen alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'socialinzen alarms', masterKey: topicKey, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (
      scope: Construct,
      alarmId: string,
      alarmProps: cloudwatch.AlarmProps | cloudwatch.CreateAlarmOptions,
      metric: cloudwatch.IMetric,
    ) => {
      const created = new cloudwatch.Alarm(scope, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...alarmProps,
        metric,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    // Errors and throttles of every function, ten functions to an alarm (CloudWatch's limit on the
    // metrics of one metric-math alarm): one alarm per function twice over would take ~110 of a
    // CloudFormation stack's 500 resources. The description names the functions to look at. The
    // alarms sit in the nested stack of their functions (lib/area-stack.ts), so they grow with it
    // and not with the root.
    const byStack = new Map<Stack, [string, lambda.Function][]>();
    for (const entry of Object.entries(props.functions)) {
      const fnStack = Stack.of(entry[1]);
      byStack.set(fnStack, [...(byStack.get(fnStack) ?? []), entry]);
    }
    const groups = [...byStack].flatMap(([fnStack, list]) =>
      Array.from({ length: Math.ceil(list.length / 10) }, (_, i) => ({ fnStack, group: list.slice(i * 10, i * 10 + 10) })),
    );
    for (const [index, { fnStack, group }] of groups.entries()) {
      const names = group.map(([fnId]) => fnId).join(', ');
      const sum = (what: 'Errors' | 'Throttles') =>
        new cloudwatch.MathExpression({
          expression: `SUM([${group.map((_, i) => `m${i}`).join(',')}])`,
          usingMetrics: Object.fromEntries(
            group.map(([, fn], i) => [`m${i}`, what === 'Errors' ? fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }) : fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' })]),
          ),
          period: Duration.minutes(5),
          label: `${what} of ${names}`,
        });
      const n = index + 1;
      const scope = fnStack === stack ? this : fnStack;
      alarm(scope, `FunctionErrors${n}`, {
        alarmDescription: `A function failed (unhandled error or timeout), one of: ${names}. The dashboard's errors widget shows which; then its log group around the alarm time.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }, sum('Errors'));
      alarm(scope, `FunctionThrottles${n}`, {
        alarmDescription: `Lambda throttled invocations (reserved or account concurrency reached) of one of: ${names}.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }, sum('Throttles'));
    }

    props.apis.forEach((api, i) => {
      alarm(this, i === 0 ? 'Api5xx' : `${api.node.id}5xx`, {
        alarmDescription: `The API${i === 0 ? '' : ` (${api.node.id})`} answered 5xx: the product maps every error to an errcode, so a 5xx is a crash, a timeout or an integration failure.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }, api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }));
    });

    const callback = props.functions[props.callbackFunctionId];
    if (callback) {
      alarm(this, 'CallbackP99Duration', {
        alarmDescription: 'The message callback’s p99 duration is above 3 s: WeChat gives up at 5 s and retries; followers get no reply.',
        threshold: 3000,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      }, callback.metricDuration({ period: Duration.minutes(5), statistic: 'p99' }));
    }

    const refreshFailures = new cloudwatch.MathExpression({
      label: 'Token refresh failures',
      expression: tokenKinds.map((_, i) => `FILL(f${i}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(tokenKinds.map((kind, i) => [`f${i}`, business(metricNames.tokenRefreshFailed, { kind })])),
      period: Duration.minutes(15),
    });
    alarm(this, 'TokenRefreshFailures', {
      alarmDescription: 'WeChat token or ticket refreshes failed (by kind on the dashboard). Accounts affected carry refreshError; see README, Operate.',
      threshold: 3,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    }, refreshFailures);

    const dlqs = deadLetterQueues(stack);
    for (const queue of dlqs) {
      alarm(this, `${queue.node.id}Depth`, {
        alarmDescription: `${queue.node.path}: messages are waiting in a dead-letter queue (work that failed all its retries).`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }));
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `${stack.stackName}-operations` });
    const fns = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: props.apis.map((api) => api.metricCount({ period: Duration.minutes(5), label: `${api.node.id} requests` })),
        right: props.apis.flatMap((api) => [
          api.metricClientError({ period: Duration.minutes(5), label: `${api.node.id} 4xx` }),
          api.metricServerError({ period: Duration.minutes(5), label: `${api.node.id} 5xx` }),
        ]),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency (p50, p99)',
        left: props.apis.flatMap((api) => [
          api.metricLatency({ statistic: 'p50', label: `${api.node.id} p50` }),
          api.metricLatency({ statistic: 'p99', label: `${api.node.id} p99` }),
        ]),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Callbacks answered, by outcome; replies not ready in time',
        left: (['matched', 'default', 'none'] as const).map((outcome) => business(metricNames.callbackAnswered, { outcome })),
        right: [business(metricNames.replyNotReadyInTime)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Callback duration (p50, p99; alarm at 3 s)',
        left: callback ? [callback.metricDuration({ statistic: 'p50' }), callback.metricDuration({ statistic: 'p99' })] : [],
        leftAnnotations: [{ value: 3000, label: 'alarm' }],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'WeChat errors by errcode',
        left: [
          new cloudwatch.MathExpression({
            label: '',
            expression: `SEARCH('{${metricsNamespace},errcode,service} MetricName="${metricNames.wechatError}"', 'Sum', 300)`,
            period: Duration.minutes(5),
          }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Token refreshes: done and failed, by kind',
        left: tokenKinds.map((kind) => business(metricNames.tokenRefreshed, { kind })),
        right: tokenKinds.map((kind) => business(metricNames.tokenRefreshFailed, { kind })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Logins failed and refused while locked out',
        left: [business(metricNames.loginFailed), business(metricNames.loginLockedOut)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues (messages waiting)',
        left: dlqs.map((q) => q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: q.node.id })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: fns.map(([fnId, fn]) => fn.metricErrors({ label: fnId, statistic: 'Sum', period: Duration.minutes(5) })),
        legendPosition: cloudwatch.LegendPosition.RIGHT,
        width: 12,
        height: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function throttles',
        left: fns.map(([fnId, fn]) => fn.metricThrottles({ label: fnId, statistic: 'Sum', period: Duration.minutes(5) })),
        legendPosition: cloudwatch.LegendPosition.RIGHT,
        width: 12,
        height: 8,
      }),
    );
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }));

    new CfnOutput(stack, 'AlarmTopicArn', { value: this.topic.topicArn, description: 'Subscribe on-call to this topic (every alarm and its recovery)' });
    new CfnOutput(stack, 'DashboardName', { value: this.dashboard.dashboardName });
  }
}
