import { migrateTenantSecrets } from '../src/core/data/migrate-tenant-secrets';

/**
 * Seals tenant secrets stored in plain text before envelope encryption (README, "Operate").
 *   TABLE_NAME=<table> TENANT_KEY_ID=<key arn> npx tsx bin/migrate-tenant-secrets.ts [--from '<json key>']
 * Run with operator credentials (Scan on the table, GenerateDataKey on the key). Safe to run again;
 * after an interruption, pass the last printed key to --from (or simply start over).
 */
const fromIndex = process.argv.indexOf('--from');
const startKey = fromIndex > 0 ? (JSON.parse(process.argv[fromIndex + 1] ?? 'null') as Record<string, unknown>) : undefined;

const total = await migrateTenantSecrets({
  ...(startKey ? { startKey } : {}),
  onPage: (page) =>
    console.log(
      `scanned ${page.scanned}, sealed ${page.sealed}${page.nextKey ? `; resume with --from '${JSON.stringify(page.nextKey)}'` : '; done'}`,
    ),
});
console.log(`total: scanned ${total.scanned} items, sealed ${total.sealed} values`);
