import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { auditedSend } from './audited-writes';

/**
 * One document client per container. The endpoint comes from the SDK's own configuration
 * (AWS_ENDPOINT_URL_DYNAMODB locally), so production code holds no switch for the emulator.
 */
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
// A change through the API carries its audit entry in its own transaction (./audited-writes.ts).
// Functions that audit nothing are built with AUDITED_CHANGES "off" (lib/bundling.ts) and drop it.
if (process.env['AUDITED_CHANGES'] !== 'off') db.send = auditedSend(db.send.bind(db));

export const table = (): string => config.tableName;

/** Epoch seconds, the unit of the TTL attribute. */
export const epochSeconds = (date: Date | number = Date.now()): number =>
  Math.floor((typeof date === 'number' ? date : date.getTime()) / 1000);

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * A conditional write's outcome: true when it was made, false when its condition did not hold (the
 * item had moved on: another delivery or writer got there first); any other error goes on.
 */
export const writeIf = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** Which items of a cancelled transaction failed their condition, by position. */
export const cancellationReasons = (error: unknown): string[] | undefined => {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
};

/** Every item a query matches, across pages. */
export const queryAll = async (input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, any>[]> => {
  const items: Record<string, any>[] = [];
  for await (const page of paginateQuery({ client: db }, input)) items.push(...(page.Items ?? []));
  return items;
};
