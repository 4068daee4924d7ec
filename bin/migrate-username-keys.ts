import { migrateUsernameKeys } from '../src/users/data/migrate-username-keys';

/**
 * Gives users from before the lookalike guard their USERKEY# item (docs/operations.md).
 *   TABLE_NAME=<table> AWS_REGION=<region> npx tsx bin/migrate-username-keys.ts [--from '<json key>']
 * Safe to run again; after an interruption, pass the last printed key to --from (or start over).
 */
const fromIndex = process.argv.indexOf('--from');
const startKey = fromIndex > 0 ? (JSON.parse(process.argv[fromIndex + 1] ?? 'null') as Record<string, unknown>) : undefined;

const total = await migrateUsernameKeys({
  ...(startKey ? { startKey } : {}),
  onPage: (page) =>
    console.log(
      `scanned ${page.scanned}, guarded ${page.guarded}, collisions ${page.collisions}${page.nextKey ? `; resume with --from '${JSON.stringify(page.nextKey)}'` : '; done'}`,
    ),
});
console.log(`total: scanned ${total.scanned} items, guarded ${total.guarded} users, ${total.collisions} already-colliding names left as they are`);
