import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
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
  /** The table (throttle alarm) and the names of its global secondary indexes. */
  table?: { table: dynamodb.ITable; indexes: string[] };
}

/** How old a work queue's oldest message may get before someone should look (the workers take seconds). */
export const workQueueAgeAlarmSeconds = 10 * 60;
/** A dead-letter queue keeps messages 14 days: alarm 4 days before the oldest is deleted unread. */
export const deadLetterAgeAlarmSeconds = 10 * 24 * 3600;
/**
 * SES puts an account under review at a 5% bounce rate or a 0.1% complaint rate (and may pause
 * sending at 10% / 0.5%): alarm a little before, with time to act.
 */
export const sesBounceRateAlarm = 0.04;
export const sesComplaintRateAlarm = 0.0008;
/** Our own 5xx (not WeChat's, not a busy answer) as a share of requests, and the traffic below which the rate means nothing. */
export const api5xxRateAlarmPercent = 5;
export const api5xxRateMinRequests = 20;

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

    // Errcode 50000 (src/core/http/error-mapper.ts): our bug or an unexpected failure, every time.
    alarm(this, 'InternalErrors', {
      alarmDescription: 'A function answered errcode 50000 (internal error): the log line "unhandled error" carries the requestId the client saw.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    }, business(metricNames.internalError));

    // 5xx as a rate, without what WeChat failed (50200/50300 from WeChat) or AWS was busy for
    // (50300): those are counted apart (WechatFailure, BusyAnswered) and are not our bugs. What
    // stays is our crashes, timeouts and integration failures. At most four APIs to an alarm
    // (ten metrics: each API's 5xx and count, and the two counts subtracted).
    const wechatFailures = business(metricNames.wechatFailure);
    const busyAnswers = business(metricNames.busyAnswered);
    for (let first = 0; first < props.apis.length; first += 4) {
      const group = props.apis.slice(first, first + 4);
      const sum = (prefix: string) => group.map((_, i) => `FILL(${prefix}${i}, 0)`).join(' + ');
      const rate = new cloudwatch.MathExpression({
        label: `Our 5xx, % of requests (${group.map((a) => a.node.id).join(', ')})`,
        expression: `IF((${sum('c')}) >= ${api5xxRateMinRequests}, 100 * IF((${sum('e')}) - FILL(w, 0) - FILL(b, 0) > 0, (${sum('e')}) - FILL(w, 0) - FILL(b, 0), 0) / (${sum('c')}), 0)`,
        usingMetrics: {
          ...Object.fromEntries(group.map((api, i) => [`e${i}`, api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' })])),
          ...Object.fromEntries(group.map((api, i) => [`c${i}`, api.metricCount({ period: Duration.minutes(5), statistic: 'Sum' })])),
          w: wechatFailures,
          b: busyAnswers,
        },
        period: Duration.minutes(5),
      });
      alarm(this, first === 0 ? 'Api5xxRate' : `Api5xxRate${first / 4 + 1}`, {
        alarmDescription: `More than ${api5xxRateAlarmPercent}% of API requests answered 5xx of our own (WeChat's failures and busy answers not counted), 2 of 3 five-minute periods, at ${api5xxRateMinRequests}+ requests.`,
        threshold: api5xxRateAlarmPercent,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      }, rate);
    }

    if (props.table) {
      const { table, indexes } = props.table;
      const throttle = (metricName: string, index?: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap: { TableName: table.tableName, ...(index ? { GlobalSecondaryIndexName: index } : {}) },
          statistic: 'Sum',
          period: Duration.minutes(5),
        });
      const throttles = [undefined, ...indexes].flatMap((index) => [throttle('ReadThrottleEvents', index), throttle('WriteThrottleEvents', index)]);
      alarm(this, 'TableThrottles', {
        alarmDescription: 'DynamoDB throttled the table or an index in 2 of 3 five-minute periods: clients got 50300 after the SDK\'s retries. A hot key (one tenant) or a spike past twice the previous peak.',
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }, new cloudwatch.MathExpression({
        label: 'Table and index throttle events',
        expression: throttles.map((_, i) => `FILL(t${i}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(throttles.map((m, i) => [`t${i}`, m])),
        period: Duration.minutes(5),
      }));
    }

    // SES reputation is per account and region (no dimension): the product's mail is all of it.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    alarm(this, 'SesBounceRate', {
      alarmDescription: `SES bounce rate above ${sesBounceRateAlarm * 100}%: SES reviews the account at 5% and may pause sending at 10%. Registrations with made-up addresses, or a list gone stale.`,
      threshold: sesBounceRateAlarm,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    }, reputation('Reputation.BounceRate'));
    alarm(this, 'SesComplaintRate', {
      alarmDescription: `SES complaint rate above ${sesComplaintRateAlarm * 100}%: SES reviews the account at 0.1% and may pause sending at 0.5%.`,
      threshold: sesComplaintRateAlarm,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    }, reputation('Reputation.ComplaintRate'));

    // WeChat's failures by tenant: the appid is a property of each EMF line, grouped here.
    new logs.QueryDefinition(this, 'WechatFailuresByTenant', {
      queryDefinitionName: `${stack.stackName}/wechat-failures-by-tenant`,
      queryString: new logs.QueryString({
        fields: ['appid', 'wxerrcode', 'route'],
        filterStatements: [`${metricNames.wechatFailure} = 1`],
        statsStatements: ['count(*) as failures by appid, wxerrcode, route'],
        sort: 'failures desc',
      }),
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

    // Age of the oldest message on every queue: a work queue whose worker stopped keeping up, or
    // a dead-letter queue whose messages are about to expire unread.
    const queues = stack.node.findAll().filter((c): c is sqs.Queue => c instanceof sqs.Queue);
    for (const queue of queues) {
      const dead = dlqs.includes(queue);
      alarm(this, `${queue.node.id}Age`, {
        alarmDescription: dead
          ? `${queue.node.path}: a dead-letter message is over 10 days old; SQS deletes it at 14. Read it, fix the cause, redrive or delete.`
          : `${queue.node.path}: the oldest message waits over ${workQueueAgeAlarmSeconds / 60} minutes: its worker is failing, throttled or not keeping up.`,
        threshold: dead ? deadLetterAgeAlarmSeconds : workQueueAgeAlarmSeconds,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      }, queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }));
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
        title: '5xx answers: internal errors (ours), WeChat failed, AWS busy',
        left: [business(metricNames.internalError), business(metricNames.wechatFailure), business(metricNames.busyAnswered)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Queue age (oldest message, s)',
        left: queues.map((q) => q.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', label: q.node.id })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'SES reputation (bounce and complaint rates)',
        left: [reputation('Reputation.BounceRate'), reputation('Reputation.ComplaintRate')],
        width: 12,
      }),
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
