import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { recordConsumer } from './definition';

/**
 * A plug-in's failure on one record, as the failure queue holds it: enough to find the record
 * (its keys and sequence number; the item itself may be gone by TTL) and to see why. Replaying is
 * by hand: fix the plug-in, then run it over the item.
 */
export interface PluginFailure {
  pluginId: string;
  keys: { pk: string; sk: string };
  sequenceNumber: string;
  eventId: string;
  change: string;
  error: { name: string; message: string };
  failedAt: string;
}

let client: SQSClient | undefined;

const queueUrl = (): string => {
  const url = process.env[recordConsumer.failureQueueUrlVariable];
  if (!url) throw new Error(`environment variable ${recordConsumer.failureQueueUrlVariable} is not set`);
  return url;
};

export const reportPluginFailure = async (failure: PluginFailure): Promise<void> => {
  client ??= new SQSClient({});
  await client.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(failure) }));
};
