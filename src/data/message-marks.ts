import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, epochSeconds, isConditionFailure, table } from './client';

/**
 * De-duplication of WeChat's retries (it resends after 5 s, up to three times): the first delivery
 * claims the message with a conditional write and later stores its answer, so a retry is answered
 * the same without being processed again. Marks expire after 10 minutes.
 *   MSG#<appid>#<message key> / MSG   state (pending | done), answer, claimedAt, ttl
 */
export const markKey = (appid: string, messageKey: string) => ({ pk: `MSG#${appid}#${messageKey}`, sk: 'MSG' });

export interface MessageMark {
  state: 'pending' | 'done';
  /** The plaintext reply XML, '' for none. */
  answer?: string;
}

const lifetimeSeconds = 600;

/** True when this delivery is the first: it must process the message. */
export const claimMessage = async (appid: string, messageKey: string): Promise<boolean> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...markKey(appid, messageKey),
          type: 'messageMark',
          state: 'pending',
          claimedAt: new Date().toISOString(),
          ttl: epochSeconds() + lifetimeSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export const completeMessage = async (appid: string, messageKey: string, answer: string): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: markKey(appid, messageKey),
      UpdateExpression: 'SET #s = :done, answer = :answer',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':answer': answer },
    }),
  );
};

export const readMark = async (appid: string, messageKey: string): Promise<MessageMark | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: markKey(appid, messageKey), ConsistentRead: true }));
  return Item ? { state: Item['state'], answer: Item['answer'] } : undefined;
};
