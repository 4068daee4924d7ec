import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { appidOfKey, auditItem, itemSummary, keyText, updateSummary, type AuditChange } from '../audit/entry';
import { currentAuditScope, type AuditScope } from '../audit/scope';

/**
 * The audit log's entry rides the change it records: while a change route's audit scope is open
 * (src/core/http/endpoint.ts), the first write of the request carries the entry's Put in the SAME
 * transaction — a Put, Update or Delete becomes a TransactWrite of two, a TransactWrite gains one
 * item — so a change whose condition fails leaves no entry, and no entry exists without its change.
 * Later writes of the same request go as they are. Writes that cannot ride a transaction (they ask
 * for old values back, or a transaction already holds 100 items) are counted, and the endpoint
 * writes the entry alone after them (`atomic: false`). Bookkeeping items (WeChat tokens, counters,
 * stream marks) never carry it: refreshing a token is not the member's change.
 */
const bookkeeping = /^(TOKEN#|COMPONENT#|STREAMMARK#|RATE#|LOGINFAIL#|AUDIT#|SESSION#)/;
const maxTransactItems = 100;

type Send = DynamoDBDocumentClient['send'];
type Input = Record<string, any>;

const carriable = (input: Input): boolean =>
  !bookkeeping.test(String(input['Key']?.pk ?? input['Item']?.pk ?? '')) &&
  (input['ReturnValues'] === undefined || input['ReturnValues'] === 'NONE' || input['ReturnValues'] === 'ALL_NEW' || input['ReturnValues'] === 'UPDATED_NEW') &&
  input['ReturnValuesOnConditionCheckFailure'] === undefined;

const changeOfTransactItem = (t: Input): AuditChange | undefined => {
  if (t['Put']) return { item: keyText(t['Put'].Item), op: 'put', after: itemSummary(t['Put'].Item) };
  if (t['Update']) return { item: keyText(t['Update'].Key), op: 'update', after: updateSummary(t['Update'].UpdateExpression, t['Update'].ExpressionAttributeNames, t['Update'].ExpressionAttributeValues) };
  if (t['Delete']) return { item: keyText(t['Delete'].Key), op: 'delete' };
  return undefined;
};

const firstKey = (t: Input): Record<string, unknown> | undefined => t['Put']?.Item ?? t['Update']?.Key ?? t['Delete']?.Key ?? t['ConditionCheck']?.Key;

/** A single write's condition failure keeps the error its caller expects. */
const asConditionFailure = (error: unknown): unknown => {
  const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if ((error as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') {
    return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
  }
  return error;
};

const withoutReturn = ({ ReturnValues: _r, ...rest }: Input): Input => rest;

export const auditedSend = (rawSend: Send): Send =>
  ((command: any, ...rest: any[]) => {
    const scope = currentAuditScope();
    if (!scope || scope.mode !== 'carried' || scope.written || rest.length > 1) return (rawSend as any)(command, ...rest);
    return carry(scope, command, rawSend, rest[0]);
  }) as Send;

const carry = async (scope: AuditScope, command: unknown, rawSend: Send, options: unknown): Promise<any> => {
  const send = (c: unknown) => (rawSend as any)(c, options);
  if (command instanceof TransactWriteCommand) {
    const items = (command.input.TransactItems ?? []) as Input[];
    const written = items.filter((t) => !t['ConditionCheck'] && !bookkeeping.test(String(firstKey(t)?.['pk'] ?? '')));
    if (written.length === 0) return send(command);
    if (items.length >= maxTransactItems) {
      scope.uncarried.push(...written.map(changeOfTransactItem).filter((c): c is AuditChange => !!c));
      return send(command);
    }
    scope.appid ??= written.map((t) => appidOfKey(firstKey(t)?.['pk'])).find(Boolean);
    const changes = written.map(changeOfTransactItem).filter((c): c is AuditChange => !!c);
    const entry = auditItem(scope, { outcome: 'done', changes, atomic: true });
    try {
      const out = await send(new TransactWriteCommand({ ...command.input, TransactItems: [...items, { Put: { TableName: tableOf(items[0]!), Item: entry, ConditionExpression: 'attribute_not_exists(pk)' } }] }));
      scope.written = true;
      return out;
    } catch (error) {
      // Positions of the caller's own items are unchanged; the entry's reason is dropped.
      const reasons = (error as { CancellationReasons?: unknown[] }).CancellationReasons;
      if (Array.isArray(reasons)) reasons.length = Math.min(reasons.length, items.length);
      throw error;
    }
  }
  const single =
    command instanceof PutCommand ? ({ kind: 'Put', op: 'put' } as const) : command instanceof UpdateCommand ? ({ kind: 'Update', op: 'update' } as const) : command instanceof DeleteCommand ? ({ kind: 'Delete', op: 'delete' } as const) : undefined;
  if (!single) return send(command);
  const input = (command as { input: Input }).input;
  if (bookkeeping.test(String(input['Key']?.pk ?? input['Item']?.pk ?? ''))) return send(command);
  const key = input['Key'] ?? { pk: input['Item']?.pk, sk: input['Item']?.sk };
  if (!carriable(input)) {
    const out = await send(command);
    scope.uncarried.push({ item: keyText(key), op: single.op });
    scope.appid ??= appidOfKey(key.pk);
    return out;
  }
  // The before-image of what an update or delete changes: one consistent read, only on the first write.
  const before = single.kind === 'Put' ? undefined : (await send(new GetCommand({ TableName: input['TableName'], Key: key, ConsistentRead: true }))).Item;
  const change: AuditChange = {
    item: keyText(key),
    op: single.op,
    ...(before ? { before: itemSummary(before) } : {}),
    ...(single.kind === 'Put' ? { after: itemSummary(input['Item']) } : single.kind === 'Update' ? { after: updateSummary(input['UpdateExpression'], input['ExpressionAttributeNames'], input['ExpressionAttributeValues']) } : {}),
  };
  scope.appid ??= appidOfKey(key.pk);
  const entry = auditItem(scope, { outcome: 'done', changes: [change], atomic: true });
  try {
    await send(
      new TransactWriteCommand({
        TransactItems: [{ [single.kind]: withoutReturn(input) }, { Put: { TableName: input['TableName'], Item: entry, ConditionExpression: 'attribute_not_exists(pk)' } }],
      }),
    );
  } catch (error) {
    throw asConditionFailure(error);
  }
  scope.written = true;
  if (single.kind === 'Update' && input['ReturnValues'] && input['ReturnValues'] !== 'NONE') {
    // A transaction returns no values: the item as it is now, read at once.
    const now = await send(new GetCommand({ TableName: input['TableName'], Key: key, ConsistentRead: true }));
    return { Attributes: now.Item, $metadata: now.$metadata };
  }
  return { $metadata: {} };
};

const tableOf = (t: Input): string => (t['Put'] ?? t['Update'] ?? t['Delete'] ?? t['ConditionCheck'])?.TableName;
