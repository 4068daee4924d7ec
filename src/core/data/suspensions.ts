import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem, auditSortKey } from '../audit/entry';
import type { AuditScope } from '../audit/scope';
import { db, isConditionFailure, table } from './client';

/**
 * The platform's stop switch: its operators (not tenants) suspend an organization's sends at once —
 * mass sends, publishing, template and customer-service messages — when one tenant puts the
 * platform's standing at WeChat at risk (docs/operations.md, "Stop switch"; bin/suspend.ts).
 *   ORG#<orgId> / SUSPENSION   reason, by, since
 * In the organization's own partition (the ORG entity every route with a session may read), so a
 * sending route checks it with one GetItem and IAM needs nothing new.
 */
export interface Suspension {
  orgId: string;
  reason: string;
  by: string;
  since: string;
}

export const suspensionKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'SUSPENSION' });

export const getSuspension = async (orgId: string): Promise<Suspension | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: suspensionKey(orgId), ConsistentRead: true }));
  return Item ? { orgId, reason: String(Item['reason']), by: String(Item['by']), since: String(Item['since']) } : undefined;
};

/** The operator's change, with its audit entry in the same transaction. */
const operatorScope = (orgId: string, by: string, action: string, input: Record<string, unknown>): AuditScope => {
  const at = new Date().toISOString();
  const requestId = crypto.randomUUID();
  return { orgId, userId: `platform:${by}`, username: `platform operator ${by}`, route: `CLI ${action}`, kind: 'platform', input, requestId, at, entrySk: auditSortKey(at, requestId), mode: 'carried', written: false, uncarried: [], open: false };
};

/** Suspends (or re-words the reason of) an organization's sends. */
export const suspendOrganization = async (orgId: string, reason: string, by: string): Promise<void> => {
  const since = new Date().toISOString();
  const scope = operatorScope(orgId, by, 'suspend', { orgId, reason });
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { ConditionCheck: { TableName: table(), Key: { pk: `ORG#${orgId}`, sk: 'ORG' }, ConditionExpression: 'attribute_exists(pk)' } },
        { Put: { TableName: table(), Item: { ...suspensionKey(orgId), type: 'suspension', orgId, reason, by, since } } },
        { Put: { TableName: table(), Item: auditItem(scope, { outcome: 'done', atomic: true, changes: [{ item: `ORG#${orgId} / SUSPENSION`, op: 'put', after: { reason, by, since } }] }) } },
      ],
    }),
  );
};

/** Lifts a suspension: false when there was none. */
export const liftSuspension = async (orgId: string, by: string): Promise<boolean> => {
  const scope = operatorScope(orgId, by, 'lift', { orgId });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: table(), Key: suspensionKey(orgId), ConditionExpression: 'attribute_exists(pk)' } },
          { Put: { TableName: table(), Item: auditItem(scope, { outcome: 'done', atomic: true, changes: [{ item: `ORG#${orgId} / SUSPENSION`, op: 'delete' }] }) } },
        ],
      }),
    );
    return true;
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (isConditionFailure(error) || reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
};
