import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SecretContext } from '../security/envelope';
import { isSealed } from '../security/envelope';
import { db, isConditionFailure, table } from './client';
import { sealSecret, secretFields } from './tenant-secrets';

/**
 * One-off migration: seals the tenant secrets that were stored in plain text before envelope
 * encryption (accounts, tokens, the component ticket). Idempotent (sealed values are skipped) and
 * resumable (each page reports the key to start the next from). A value the product rewrote
 * meanwhile is left alone: each field is replaced only if it still holds the plaintext read.
 * Run with bin/migrate-tenant-secrets.ts (README, "Operate").
 */
export interface MigrationPage {
  scanned: number;
  sealed: number;
  /** Where the next page starts; undefined when the table is done. */
  nextKey: Record<string, unknown> | undefined;
}

const entityOf = (pk: string): { entity: keyof typeof secretFields; id: string } | undefined => {
  if (pk.startsWith('ACCOUNT#')) return { entity: 'ACCOUNT', id: pk.slice('ACCOUNT#'.length) };
  if (pk.startsWith('TOKEN#')) return { entity: 'TOKEN', id: pk.slice('TOKEN#'.length) };
  if (pk.startsWith('COMPONENT#')) return { entity: 'COMPONENT', id: pk.slice('COMPONENT#'.length) };
  return undefined;
};

export const migrateTenantSecretsPage = async (
  startKey?: Record<string, unknown>,
  pageSize = 100,
): Promise<MigrationPage> => {
  const page = await db.send(
    new ScanCommand({
      TableName: table(),
      Limit: pageSize,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      FilterExpression: 'begins_with(pk, :a) OR begins_with(pk, :t) OR begins_with(pk, :c)',
      ExpressionAttributeValues: { ':a': 'ACCOUNT#', ':t': 'TOKEN#', ':c': 'COMPONENT#' },
    }),
  );
  let sealed = 0;
  for (const item of page.Items ?? []) {
    const owner = entityOf(String(item['pk']));
    if (!owner) continue;
    for (const field of secretFields[owner.entity]) {
      const value = item[field];
      if (typeof value !== 'string' || isSealed(value)) continue;
      const context: SecretContext = { entity: owner.entity, id: owner.id, field };
      try {
        await db.send(
          new UpdateCommand({
            TableName: table(),
            Key: { pk: item['pk'], sk: item['sk'] },
            UpdateExpression: 'SET #f = :sealed',
            ConditionExpression: '#f = :plain',
            ExpressionAttributeNames: { '#f': field },
            ExpressionAttributeValues: { ':sealed': await sealSecret(value, context), ':plain': value },
          }),
        );
        sealed += 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }
  return { scanned: page.ScannedCount ?? 0, sealed, nextKey: page.LastEvaluatedKey };
};

/** Runs every page from `startKey`; `onPage` sees each page (print it to resume after a stop). */
export const migrateTenantSecrets = async (
  options: { startKey?: Record<string, unknown>; pageSize?: number; onPage?: (page: MigrationPage) => void } = {},
): Promise<{ scanned: number; sealed: number }> => {
  let key = options.startKey;
  const total = { scanned: 0, sealed: 0 };
  do {
    const page = await migrateTenantSecretsPage(key, options.pageSize);
    total.scanned += page.scanned;
    total.sealed += page.sealed;
    options.onPage?.(page);
    key = page.nextKey;
  } while (key);
  return total;
};
