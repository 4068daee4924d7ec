/** Which project runs a stack test file, beside what the file's name says (vitest.config.ts). */

/**
 * Files that change state every test shares, so they never run beside another file: global
 * simulator faults and their clearing (`sim.clearFaults()`, a fault without an appid, the
 * component's token expired), the scheduled refresh over the whole table, component pushes with
 * mutated appids, and bursts that fill a function's concurrency in the local gateway (register and
 * login take 20 at once: another file's sign-up would meet the 429). They run one at a time after
 * the parallel part, which they lengthen by their whole duration: a file belongs here only for one
 * of these reasons. Faults matching a file's own marker or appid (test/support/faults.ts, the
 * fault proxies' per-marker disarm, `sim.fault({ appid })`) and the route fuzz (8 requests at a time
 * from its own client address) run in parallel.
 */
export const exclusiveFiles = [
  'test/load/login-register.test.ts',
  'test/hostile/**/*.test.ts',
  'test/fuzz/wechat-xml.fuzz.test.ts',
  'test/api/registration-races.test.ts',
  'test/api/wechat-authorization.test.ts',
  'test/api/component-ticket.test.ts',
  'test/wechat/refresh-tokens.test.ts',
];

/**
 * Stack files that point the product's modules at another endpoint or setting through
 * `process.env` before importing them (the fault proxies, a copy of the table, the metrics switch):
 * each gets a fresh module graph, as every file did before. The others share their worker's modules
 * from one file to the next (`isolate: false`): the SDK clients, zod schemas and support helpers are
 * imported once a worker, not once a file, which took a tenth of the suite's time. A new file that
 * sets `process.env` for the product belongs here (test/architecture/test-isolation.unit.test.ts checks it).
 */
export const isolatedFiles = [
  'test/records/consumer.test.ts',
  'test/records/local-stream.test.ts',
  'test/stats/counters.test.ts',
  'test/stats/callback-latency.test.ts',
  'test/team/migrate-organizations.test.ts',
  'test/observability/metrics.test.ts',
  'test/templates/template-jobs.test.ts',
  'test/uploads/s3-client.test.ts',
  'test/audience/packing.test.ts',
  'test/security/staging.test.ts',
];

/**
 * The files that took longest in a full run on 2 cores (seconds, measured 2026-12-06), which the
 * sequencer starts first, slowest first (vitest.config.ts). Re-measure with
 * `npx vitest run --reporter=json --outputFile=…` when a file grows past the last one here.
 */
export const slowFiles = [
  'test/templates/templates.test.ts', // 71
  'test/fuzz/routes.fuzz.test.ts', // 66
  'test/api/bad-input.test.ts', // 59
  'test/console/account-pages.test.ts', // 57
  'test/load/bulk-vs-callback.test.ts', // 52 (40 s of it a tenant's bucket refilling: idle)
  'test/console/followers.test.ts', // 47
  'test/console/lifecycle.test.ts', // 37
  'test/console/flow.test.ts', // 35
  'test/api/tenant-secrets.test.ts', // 35
  'test/console/menus-inbox.test.ts', // 35
  'test/console/back-office-pages.test.ts', // 34
  'test/console/operator-polish.test.ts', // 32
  'test/console/screenshots.test.ts', // 31
  'test/console/publishing.test.ts', // 30
  'test/team/roles.test.ts', // 25
  'test/console/templates.test.ts', // 24
  'test/local/restart.test.ts', // 24
  'test/console/stats.test.ts', // 24
  'test/console/team-audit.test.ts', // 22
  'test/faults/races.test.ts', // 19
  'test/audience/packing.test.ts', // 19
  'test/stats/collector.test.ts', // 18
  'test/console/materials.test.ts', // 18
  'test/console/operator-editors.test.ts', // 18
  'test/team/tenant-isolation.test.ts', // 17
  'test/api/reply-quota.test.ts', // 17
  'test/api/menus.test.ts', // 16
  'test/api/platform.test.ts', // 16
  'test/users/password-reset.test.ts', // 16
  'test/cdk/entities.test.ts', // 16
  'test/console/docs.test.ts', // 16
  'test/contract/samples.test.ts', // 15
  'test/team/audit.test.ts', // 15
  'test/cdk/template.test.ts', // 15
];

/**
 * Files that scan the whole table (test/support/dynamo.ts `scanAll`: nothing anywhere names a
 * deleted user, holds a secret in clear, or outlived a refused registration). A scan reads every
 * item the suite has written so far: the same file took 10 s first and 47 s last in a run. They
 * start before everything else, while the table is small; their checks are no weaker for it.
 */
export const scanningFiles = [
  'test/users/delete-account.test.ts',
  'test/users/registration-mail-refused.test.ts',
  'test/api/inbox-recording.test.ts',
  'test/api/tenant-secrets.test.ts',
  'test/api/stored-secrets.test.ts',
  'test/security/h5-signature.test.ts',
  'test/team/migrate-organizations.test.ts',
];
