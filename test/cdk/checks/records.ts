import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SocialinzenStack } from '../../../lib/socialinzen-stack';
import type { RecordStream } from '../../../lib/record-stream';
import { entities, keyPatterns } from '../../../src/core/data/entities';
import { recordConsumer, recordConsumerAccess } from '../../../src/records/definition';
import { callbackRecordFilter } from '../../../src/records/stream-filter';
import { deployedStack } from '../deployed-stack';

/** The record stream (lib/record-stream.ts) in the deployed template (the one synthesis of test/cdk/deployed-stack.ts). */
let template: Template;
let stack: SocialinzenStack;
let records: RecordStream;

beforeAll(() => {
  ({ stack, template } = deployedStack());
  records = stack.node.findChild('Records') as RecordStream;
}, 240_000);

const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [idOf(construct), 'Arn'] });

describe('the record stream', () => {
  it("turns on the table's stream in place: same table, same logical id", () => {
    expect(idOf(stack.table)).toBe('TableCD117FA1');
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
    });
  });

  it("feeds one consumer from the stream: only the callback's records, bisected and retried, failures reported per record", () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { EventSourceArn: { 'Fn::GetAtt': [idOf(stack.table), 'StreamArn'] } } }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toEqual({
      EventSourceArn: { 'Fn::GetAtt': [idOf(stack.table), 'StreamArn'] },
      FunctionName: { Ref: idOf(records.consumer.fn) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: recordConsumer.batchSize,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86_400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: arnOf(records.streamDeadLetters) } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(callbackRecordFilter) }] },
    });
    expect(JSON.parse(mappings[0]!.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { NewImage: { type: { S: ['inboxMessage', 'messageMark'] } } },
    });
  });

  it('builds the consumer like every function, granted its marks and its failure queue', () => {
    const fn = template.toJSON().Resources[idOf(records.consumer.fn)];
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: recordConsumer.timeoutSeconds,
      Environment: { Variables: { [recordConsumer.failureQueueUrlVariable]: { Ref: idOf(records.pluginFailures) }, TABLE_NAME: { Ref: idOf(stack.table) } } },
    });
    const role = template.toJSON().Resources[fn.Properties.Role['Fn::GetAtt'][0]];
    const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const onTable = statements.find((s: any) => s.Sid === 'TableItemsOfItsEntities');
    // Its marks, and what its plug-ins write (each plug-in declares its entities).
    const keys = [...new Set(recordConsumerAccess().entities.flatMap((e) => keyPatterns(entities[e].keys)))].sort();
    expect(keys).toContain('STREAMMARK#*');
    expect(onTable.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } });
    // Sent to by the consumer's code (plug-in failures) and by Lambda on its behalf (on-failure destination).
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: expect.arrayContaining(['sqs:SendMessage']), Resource: [arnOf(records.pluginFailures), arnOf(records.streamDeadLetters)] }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']), Resource: { 'Fn::GetAtt': [idOf(stack.table), 'StreamArn'] } }));
  });

  it('alarms on both failure queues as soon as one message waits', () => {
    for (const queue of [records.streamDeadLetters, records.pluginFailures]) {
      template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 86_400, SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(queue), 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [Match.anyValue()],
      });
    }
  });
});
