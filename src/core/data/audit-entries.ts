import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem, auditPartition } from '../audit/entry';
import type { AuditScope } from '../audit/scope';
import { db, table } from './client';

/**
 * The audit entries the endpoint wrapper writes itself (the others ride their change:
 * ./audited-writes.ts). A change made at WeChat: the intent before the call (`pending`), its outcome
 * after (`done` / `failed` with the errcode). A change whose writes could not carry the entry: the
 * entry alone, after them (`atomic: false`).
 */
export const putIntent = async (scope: AuditScope): Promise<void> => {
  await db.send(new PutCommand({ TableName: table(), Item: auditItem(scope, { outcome: 'pending', atomic: false }), ConditionExpression: 'attribute_not_exists(pk)' }));
  scope.written = true;
};

export const recordOutcome = async (scope: AuditScope, outcome: 'done' | 'failed', errcode?: number): Promise<void> => {
  const sets = ['outcome = :o', ...(errcode === undefined ? [] : ['errcode = :e']), ...(scope.appid ? ['appid = if_not_exists(appid, :a)'] : [])];
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: auditPartition(scope.orgId), sk: scope.entrySk },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':o': outcome, ...(errcode === undefined ? {} : { ':e': errcode }), ...(scope.appid ? { ':a': scope.appid } : {}) },
    }),
  );
};

export const putAlone = async (scope: AuditScope): Promise<void> => {
  await db.send(new PutCommand({ TableName: table(), Item: auditItem(scope, { outcome: 'done', changes: scope.uncarried, atomic: false }), ConditionExpression: 'attribute_not_exists(pk)' }));
  scope.written = true;
};
