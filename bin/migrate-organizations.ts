import { migrateOrganizations } from '../src/team/data/migrate-organizations';

/**
 * Gives every user an organization of their own and moves their official accounts to it
 * (docs/operations.md, "Organizations migration").
 *   TABLE_NAME=<table> npx tsx bin/migrate-organizations.ts [--pages <n>]
 * Run with operator credentials (Scan, GetItem, PutItem, UpdateItem on the table) right after the
 * deploy that brings organizations. Safe to run again; an interrupted run resumes where it stopped
 * (the position is kept in the table), `--pages` stops after that many pages.
 */
const pagesIndex = process.argv.indexOf('--pages');
const stopAfterPages = pagesIndex > 0 ? Number(process.argv[pagesIndex + 1]) : undefined;

const total = await migrateOrganizations({
  ...(stopAfterPages ? { stopAfterPages } : {}),
  onPage: (page, pages) => console.log(`page ${pages}: scanned ${page.scanned}, organizations made ${page.organizations}, accounts moved ${page.accounts}`),
});
console.log(`${total.done ? 'done' : 'stopped (run again to resume)'}: scanned ${total.scanned} items, made ${total.organizations} organizations, moved ${total.accounts} accounts`);
