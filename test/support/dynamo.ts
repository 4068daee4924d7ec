import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localClient } from '../../local/dynamodb-local';

/** Direct access to DynamoDB Local, for looking at what the product stored. */
export const testDb = () => DynamoDBDocumentClient.from(localClient(inject('dynamoEndpoint')));

export const scanAll = async (): Promise<Record<string, unknown>[]> => {
  const db = testDb();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: inject('tableName'), ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

export const putItem = async (item: Record<string, unknown>): Promise<void> => {
  await testDb().send(new PutCommand({ TableName: inject('tableName'), Item: item }));
};
