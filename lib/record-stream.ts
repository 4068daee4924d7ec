import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { recordConsumer } from '../src/records/definition';
import { callbackRecordFilter } from '../src/records/stream-filter';
import type { ApiFunction } from './api-function';
import { alarmAsFailureQueue } from './observability';

/**
 * The one consumer of what the callback records (src/records/): the table's stream, filtered to
 * the callback's items, feeds one function that runs every area's plug-in. Two failure queues,
 * both alarmed (lib/observability.ts): the stream's on-failure destination (a batch that failed
 * all of Lambda's retries: the shard and sequence range, not the records), and the plug-in failure
 * queue the consumer itself sends a plug-in's failure to, record by record, while it goes on.
 */
export interface RecordStreamProps {
  /** The product's table, with its stream on (NEW_AND_OLD_IMAGES). */
  table: dynamodb.ITable;
  /** The consumer's function, built like every other (lib/area-stack.ts) from `recordConsumer`. */
  consumer: ApiFunction;
}

export class RecordStream extends Construct {
  readonly consumer: ApiFunction;
  readonly pluginFailures: sqs.Queue;
  readonly streamDeadLetters: sqs.Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: RecordStreamProps) {
    super(scope, id);
    if (!props.table.tableStreamArn) throw new Error('RecordStream: the table has no stream (set `stream` on it)');
    const failureQueue = (queueId: string) =>
      new sqs.Queue(this, queueId, { retentionPeriod: Duration.days(14), encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true });
    this.streamDeadLetters = failureQueue('RecordStreamDeadLetters');
    this.pluginFailures = failureQueue('RecordPluginFailures');
    alarmAsFailureQueue(this.pluginFailures);

    this.consumer = props.consumer;
    this.pluginFailures.grantSendMessages(this.consumer.fn);
    this.consumer.fn.addEnvironment(recordConsumer.failureQueueUrlVariable, this.pluginFailures.queueUrl);

    this.eventSource = new DynamoEventSource(props.table, {
      // Everything the stream still holds on first deploy: plug-ins are idempotent per record.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: recordConsumer.batchSize,
      bisectBatchOnError: true,
      retryAttempts: recordConsumer.retryAttempts,
      maxRecordAge: Duration.seconds(recordConsumer.maxRecordAgeSeconds),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.streamDeadLetters),
      filters: [lambda.FilterCriteria.filter(callbackRecordFilter)],
    });
    this.consumer.fn.addEventSource(this.eventSource);
  }
}
