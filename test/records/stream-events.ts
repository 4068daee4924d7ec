import { randomBytes, randomInt } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { inboxKey, toItem } from '../../src/inbox/data/messages';

/**
 * Stream events as Lambda delivers them for the callback's items, built from the item the
 * callback writes (src/inbox/data/messages.ts `toItem`), so the consumer decodes what it will meet.
 */
export const uniqueAppid = () => `wxrec${randomBytes(6).toString('hex')}`;

/** A message as the callback records it (retention 5: an inbox item; 0: a mark). */
export const callbackItem = (appid: string, message: { msgType: string; event?: string; content?: string }, retentionDays = 5) => {
  const createTime = Math.floor(Date.now() / 1000);
  const key = inboxKey(appid, retentionDays, createTime, `${appid}-${randomBytes(4).toString('hex')}`);
  return toItem(key, { appid, openid: `o${appid}follower`, createTime, ...message }, { kind: 'none' }, 'done', retentionDays);
};

/** Stream sequence numbers are decimal strings of 21 or more digits, increasing. */
const sequenceNumber = () => `${Date.now()}${String(randomInt(1e9)).padStart(9, '0')}`;

export const streamRecord = (item: Record<string, unknown>, eventName: 'INSERT' | 'MODIFY' = 'INSERT'): DynamoDBRecord => ({
  eventID: randomBytes(16).toString('hex'),
  eventName,
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/socialinzen/stream/local',
  dynamodb: {
    ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
    Keys: marshall({ pk: item['pk'], sk: item['sk'] }) as Record<string, AttributeValue>,
    NewImage: marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>,
    SequenceNumber: sequenceNumber(),
    SizeBytes: 200,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
