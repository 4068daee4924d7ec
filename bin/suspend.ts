import { liftSuspension, suspendOrganization } from '../src/core/data/suspensions';

/**
 * The platform's stop switch (docs/operations.md, "Stop switch"): suspends an organization's sends
 * at once — mass sends, publishing, template and customer-service messages answer 40302
 * (account.suspended) and scheduled sends do not go out — or lifts it. Audited in the
 * organization's log, in the same transaction.
 *   TABLE_NAME=<table> npm run suspend -- --org <orgId> --reason "…" [--by <operator>]
 *   TABLE_NAME=<table> npm run suspend -- --org <orgId> --lift [--by <operator>]
 */
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const orgId = arg('org');
const lift = process.argv.includes('--lift');
const reason = arg('reason');
const by = arg('by') ?? process.env['USER'] ?? 'operator';

if (!orgId || !/^[A-Za-z0-9-]{1,64}$/.test(orgId) || (!lift && !reason?.trim())) {
  console.error('usage: npm run suspend -- --org <orgId> --reason "why" [--by <operator>]   |   npm run suspend -- --org <orgId> --lift');
  process.exit(2);
}

if (lift) {
  const lifted = await liftSuspension(orgId, by);
  console.log(lifted ? `lifted: ${orgId} may send again` : `${orgId} was not suspended`);
} else {
  await suspendOrganization(orgId, reason!.trim().slice(0, 500), by);
  console.log(`suspended: ${orgId} cannot send (mass, publish, templates, customer service) until lifted`);
}
