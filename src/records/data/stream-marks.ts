import { DeleteCommand, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, epochSeconds, isConditionFailure, table } from '../../core/data/client';
import { tableDesign } from '../../core/data/table-design';

/**
 * What the record stream's consumer (src/records/) has done: one mark per (plug-in, stream
 * record), written in the same transaction as the plug-in's writes and guarded by
 * `attribute_not_exists`, so a record Lambda delivers again (a retry, a bisected batch, a replay)
 * changes the table once per plug-in.
 *   STREAMMARK#<source pk>#<source sk> / <plug-in id>#<stream sequence number>
 * Keyed by the source item, so marks spread over partitions as the callback's items do. A stream
 * keeps records 24 hours; a mark lives 7 days (TTL), well past any redelivery.
 */
export interface StreamMarkKey {
  pk: string;
  sk: string;
}

export const markLifetimeSeconds = 7 * 86_400;

export const streamMarkKey = (source: { pk: string; sk: string }, pluginId: string, sequenceNumber: string): StreamMarkKey => ({
  pk: `STREAMMARK#${source.pk}#${source.sk}`,
  sk: `${pluginId}#${sequenceNumber}`,
});

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type WithoutTable<T> = T extends object ? Omit<T, 'TableName'> : never;

/**
 * One write a plug-in asks for, in the document client's shape without `TableName` (always the
 * product's table): Put, Update, Delete or ConditionCheck.
 */
export type TableWrite =
  | { Put: WithoutTable<TransactItem['Put']> }
  | { Update: WithoutTable<TransactItem['Update']> }
  | { Delete: WithoutTable<TransactItem['Delete']> }
  | { ConditionCheck: WithoutTable<TransactItem['ConditionCheck']> };

/** A transaction holds at most 100 items: the mark and 99 of the plug-in's. */
export const maxWritesPerRecord = 99;

const markPut = (key: StreamMarkKey, outcome: 'done' | 'failed', now: number) => ({
  TableName: table(),
  Item: { ...key, type: 'streamMark', outcome, at: new Date(now).toISOString(), [tableDesign.ttlAttribute]: epochSeconds(now) + markLifetimeSeconds },
  ConditionExpression: 'attribute_not_exists(pk)',
});

/**
 * The plug-in's writes and its mark in ONE transaction. 'already': the mark was there (this record
 * was handled by this plug-in before), nothing written. Any other error is thrown as the SDK
 * raised it (a TransactionCanceledException names its reasons by position: the mark is first).
 */
export const commitWithMark = async (key: StreamMarkKey, writes: readonly TableWrite[], now = Date.now()): Promise<'committed' | 'already'> => {
  const name = table();
  const items: TransactItem[] = [
    { Put: markPut(key, 'done', now) },
    ...writes.map((w): TransactItem => {
      const [kind, body] = Object.entries(w)[0] as [keyof TransactItem, object];
      return { [kind]: { ...body, TableName: name } } as TransactItem;
    }),
  ];
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return 'committed';
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return 'already';
    throw error;
  }
};

/**
 * Marks a record as failed for a plug-in (its failure is in the failure queue), so a redelivery
 * does not report it twice. 'already': it was marked (done or failed) before.
 */
export const markFailed = async (key: StreamMarkKey, now = Date.now()): Promise<'marked' | 'already'> => {
  try {
    await db.send(new PutCommand(markPut(key, 'failed', now)));
    return 'marked';
  } catch (error) {
    if (isConditionFailure(error)) return 'already';
    throw error;
  }
};

/** Takes a failed mark back when the failure could not be reported, so the retry reports it. */
export const unmarkFailed = async (key: StreamMarkKey): Promise<void> => {
  await db
    .send(
      new DeleteCommand({
        TableName: table(),
        Key: key,
        ConditionExpression: 'outcome = :failed',
        ExpressionAttributeValues: { ':failed': 'failed' },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
};
