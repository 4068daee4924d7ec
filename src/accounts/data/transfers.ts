import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, queryAll, table } from '../../core/data/client';
import { tableDesign } from '../../core/data/table-design';
import { openFields, sealFields } from '../../core/data/tenant-secrets';

/**
 * A direct binding (correct AppSecret) of an account another organization owns: it moves after
 * 24 hours unless an owner answers the mail with 不是我. One pending transfer per account:
 *   TRANSFER#<appid> / TRANSFER   fromOrgId, toOrgId, requestedBy, dueAt (epoch s), cancelHash,
 *     appsecret, callbackToken, encodingAesKey (sealed), nickname; gsi1 TRANSFERS / <dueAt, 10 digits>
 *     ttl: a week after it was due (a sweep that never ran leaves nothing for ever)
 * The scheduled sweep (src/accounts/handlers/transferAccounts.ts) reads gsi1 for what is due.
 */
export interface PendingTransfer {
  appid: string;
  fromOrgId: string;
  toOrgId: string;
  requestedBy: string;
  dueAt: number;
  cancelHash: string;
  appsecret: string;
  callbackToken: string;
  encodingAesKey?: string;
  nickname?: string;
}

const key = (appid: string) => ({ pk: `TRANSFER#${appid}`, sk: 'TRANSFER' });
const gsi = tableDesign.indexes.gsi1;
const duePartition = 'TRANSFERS';
const dueKey = (dueAt: number) => String(dueAt).padStart(10, '0');
const secrets = ['appsecret', 'callbackToken', 'encodingAesKey'];
const context = (appid: string) => (field: string) => ({ entity: 'TRANSFER', id: appid, field });

export class TransferPendingElsewhere extends Error {
  override name = 'TransferPendingElsewhere';
}

/**
 * Records the transfer. The same organization asking again replaces its own (new secret, new 24
 * hours); another organization's pending transfer of the same account is not overwritten.
 */
export const putTransfer = async (transfer: PendingTransfer): Promise<void> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...key(transfer.appid),
          type: 'transfer',
          [gsi.partitionKey]: duePartition,
          [gsi.sortKey]: dueKey(transfer.dueAt),
          ...(await sealFields(transfer, secrets, context(transfer.appid))),
          ttl: transfer.dueAt + 7 * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR toOrgId = :to',
        ExpressionAttributeValues: { ':to': transfer.toOrgId },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new TransferPendingElsewhere(`appid: a transfer of ${transfer.appid} to another organization is pending already`);
    throw error;
  }
};

const fromItem = async (item: Record<string, unknown>): Promise<PendingTransfer> => {
  const { pk: _pk, sk: _sk, type: _t, gsi1pk: _g1, gsi1sk: _g2, ttl: _ttl, ...rest } = item;
  return (await openFields(rest, secrets, context(String(rest['appid'])))) as unknown as PendingTransfer;
};

/** The owner's 不是我: deletes the transfer when the link's token is its own. False: unknown, used, or done already. */
export const cancelTransfer = async (appid: string, cancelHash: string): Promise<PendingTransfer | undefined> => {
  try {
    const { Attributes } = await db.send(
      new DeleteCommand({
        TableName: table(),
        Key: key(appid),
        ConditionExpression: 'cancelHash = :hash',
        ExpressionAttributeValues: { ':hash': cancelHash },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? fromItem(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};

/** Transfers due at `now` (epoch seconds) or before, oldest first. */
export const listDueTransfers = async (now: number): Promise<{ appid: string; dueAt: number }[]> =>
  (
    await queryAll({
      TableName: table(),
      IndexName: gsi.name,
      KeyConditionExpression: '#pk = :pk AND #sk <= :now',
      ExpressionAttributeNames: { '#pk': gsi.partitionKey, '#sk': gsi.sortKey },
      ExpressionAttributeValues: { ':pk': duePartition, ':now': dueKey(now) },
    })
  ).map((item) => ({ appid: String(item['appid']), dueAt: Number(item['dueAt']) }));

/** Takes a due transfer off the list (once, across concurrent sweeps): the taker carries it out. */
export const takeDueTransfer = async (appid: string, now: number): Promise<PendingTransfer | undefined> => {
  try {
    const { Attributes } = await db.send(
      new DeleteCommand({
        TableName: table(),
        Key: key(appid),
        ConditionExpression: 'dueAt <= :now',
        ExpressionAttributeValues: { ':now': now },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? fromItem(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};
