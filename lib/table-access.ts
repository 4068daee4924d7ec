import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { entities, keyPatterns } from '../src/core/data/entities';
import { tableDesign } from '../src/core/data/table-design';
import type { RouteAccess } from './routes';

/**
 * Least privilege on the single table: a function gets only the actions its route's `table` says
 * (read or write) and only on the partition-key prefixes of its `entities`, through
 * `dynamodb:LeadingKeys`. Queries on gsi1 are allowed separately, on the index's partition-key
 * prefixes (for a Query on an index, LeadingKeys is the index partition key the query names).
 * No Scan: LeadingKeys cannot limit it (a Scan names no key, and ForAllValues of nothing is true).
 */
export const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
export const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

const leadingKeys = (prefixes: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } });

/**
 * `audited`: the function is an API route the endpoint wrapper audits (src/core/audit/changes.ts), so
 * it may add AUDIT items whatever its own table access — a change made only at WeChat still records
 * its intent and outcome.
 */
export const tableStatements = (table: dynamodb.ITable, access: RouteAccess, audited = false): iam.PolicyStatement[] => {
  const used = access.entities.map((e) => entities[e]);
  const keys = [...new Set(used.flatMap((e) => keyPatterns(e.keys)))].sort();
  const indexKeys = [...new Set(used.flatMap((e) => keyPatterns(e.indexKeys)))].sort();
  const statements = [
    new iam.PolicyStatement({
      sid: 'TableItemsOfItsEntities',
      actions: access.table === 'read' ? readActions : [...readActions, ...writeActions],
      resources: [table.tableArn],
      conditions: leadingKeys(keys),
    }),
  ];
  // Every change a member makes writes its audit entry (src/core/data/audited-writes.ts, through the
  // endpoint wrapper): those functions may add AUDIT items, nothing more.
  if (audited && !access.entities.includes('AUDIT')) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AuditEntriesOfItsChanges',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: leadingKeys(keyPatterns(entities.AUDIT.keys)),
      }),
    );
  }
  if (indexKeys.length) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'IndexQueriesOfItsEntities',
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/${tableDesign.indexes.gsi1.name}`],
        conditions: leadingKeys(indexKeys),
      }),
    );
  }
  return statements;
};
