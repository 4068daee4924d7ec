/**
 * The kinds of items in the single table, by the partition keys they live under. The route table
 * names the entities each function touches (`access.entities`); CDK turns them into
 * `dynamodb:LeadingKeys` conditions, so a function can reach only its own kinds of items.
 *
 * `keys`: prefixes of the table's partition key (`pk`). `indexKeys`: prefixes of gsi1's partition
 * key (`gsi1pk`) the entity's queries use: for a Query on an index, LeadingKeys is the index's
 * partition key value. `modules`: the data modules (each area's `data/` folder, and src/core/data/) that read or write the entity; a
 * test checks that every route declares the entities of the modules its bundle contains.
 * A prefix ending in '#' matches any id after it; one without is matched exactly.
 */
export const entities = {
  /** Users and their markers: exact username, lookalike key (USERKEY#), e-mail. */
  USER: { keys: ['USER#', 'USERNAME#', 'USERKEY#', 'EMAIL#'], indexKeys: [], modules: ['src/users/data/users.ts', 'src/users/data/stale-registrations.ts', 'src/users/data/migrate-username-keys.ts'] },
  SESSION: { keys: ['SESSION#'], indexKeys: ['SESSIONS#'], modules: ['src/core/data/sessions.ts'] },
  VERIFY: { keys: ['VERIFY#'], indexKeys: [], modules: ['src/users/data/verification-tokens.ts'] },
  /** One-time links about a user's own account (password reset, new e-mail confirmation, e-mail revert), by the SHA-256 of their token. */
  USERLINK: { keys: ['LINK#'], indexKeys: ['LINKS#'], modules: ['src/users/data/user-links.ts'] },
  LOGINFAIL: { keys: ['LOGINFAIL#'], indexKeys: [], modules: ['src/users/data/login-attempts.ts'] },
  AUTHSTATE: { keys: ['STATE#'], indexKeys: [], modules: ['src/accounts/data/auth-states.ts'] },
  /** Accounts are listed per organization (gsi1 ORG#<orgId>); USER# is the list of before the organizations migration. */
  ACCOUNT: { keys: ['ACCOUNT#'], indexKeys: ['ORG#', 'USER#'], modules: ['src/core/data/accounts.ts', 'src/menus/data/menu-version.ts'] },
  /**
   * Organizations and their members: the organization item and its members share the partition
   * `ORG#<orgId>` (IAM cannot tell them apart, so they are one entity); a user's organizations are
   * listed through gsi1 `MEMBERS#<userId>`. The endpoint wrapper reads a membership on every
   * request with a session, so every route with auth declares it.
   */
  ORG: { keys: ['ORG#'], indexKeys: ['MEMBERS#'], modules: ['src/core/data/organizations.ts', 'src/core/data/suspensions.ts'] },
  /** Invitations to an organization, by the SHA-256 of their token (single use, 7 days). */
  INVITE: { keys: ['INVITE#'], indexKeys: ['INVITES#'], modules: ['src/core/data/invitations.ts'] },
  /**
   * The audit log (AUDIT#<orgId>, a year). Every change route writes its entry through the endpoint
   * wrapper (src/core/data/audited-writes.ts, audit-entries.ts: linked into every handler, so not
   * listed here; lib/table-access.ts grants the write to organization routes that write); the team
   * area's routes read it.
   */
  AUDIT: { keys: ['AUDIT#'], indexKeys: ['AUDITBY#'], modules: ['src/team/data/audit-log.ts', 'src/core/data/audit-authors.ts'] },
  /** WeChat's tokens; also what api_query_auth answered for a release-test code (TOKEN#releasetest#…). */
  TOKEN: { keys: ['TOKEN#'], indexKeys: ['TOKENS'], modules: ['src/wechat/data/tokens.ts', 'src/callback/data/release-test-auth.ts'] },
  COMPONENT: { keys: ['COMPONENT#'], indexKeys: [], modules: ['src/wechat/data/component-ticket.ts'] },
  RULE: { keys: ['RULES#'], indexKeys: ['CONTAINS#'], modules: ['src/replies/data/reply-rules.ts', 'src/core/data/kept-rules.ts'] },
  MATERIAL: { keys: ['MATERIALS#'], indexKeys: [], modules: ['src/materials/data/materials.ts', 'src/core/data/kept-materials.ts'] },
  /** Callback de-duplication marks and the inbox (decision 2 of the brief: INBOX#, MSGMARK#), and the pushes' (timestamp, nonce) pairs (PUSHPAIR#). */
  MESSAGE: { keys: ['INBOX#', 'MSGMARK#', 'PUSHPAIR#'], indexKeys: ['INBOX#'], modules: ['src/inbox/data/messages.ts', 'src/inbox/data/inbox-queries.ts', 'src/core/data/kept-inbox.ts', 'src/accounts/data/home-counts.ts'] },
  /** A follower's customer-service quota (WeChat's 5 in 48 hours / 3 in a minute), fed by the record stream. */
  REPLYQUOTA: { keys: ['REPLYQUOTA#'], indexKeys: [], modules: ['src/inbox/data/reply-quota.ts'] },
  /** Counters of rate limits (resendVerification per address and per client), one per window. */
  RATELIMIT: { keys: ['RATE#'], indexKeys: [], modules: ['src/users/data/rate-limits.ts'] },
  /** WeChat's web-OAuth domain-check files (direct mode), by file name. */
  MPVERIFY: { keys: ['MPVERIFY#'], indexKeys: [], modules: ['src/accounts/data/mp-verify-files.ts'] },
  /** Third-party authorization codes bound to the pre_auth_code that started them. */
  AUTHGRANT: { keys: ['AUTHGRANT#'], indexKeys: [], modules: ['src/accounts/data/auth-grants.ts'] },
  /** The secrets that sign an account's H5 hand-offs from web OAuth (two: the newest signs, both verify). */
  H5SECRET: { keys: ['H5SECRET#'], indexKeys: [], modules: ['src/platform/data/h5-secrets.ts'] },
  /** Pending AppSecret transfers of an account to another organization (24 hours, cancellable by its owners), listed by due time. */
  TRANSFER: { keys: ['TRANSFER#'], indexKeys: ['TRANSFERS'], modules: ['src/accounts/data/transfers.ts'] },
  /**
   * The content area: our copy of each draft (DRAFTS#<appid>) and the history of publishes and mass
   * sends with their job, request and quota keys (SENDS#<appid>); publishes awaiting their outcome
   * are polled through gsi1 CONTENTJOBS.
   */
  CONTENT: { keys: ['DRAFTS#', 'SENDS#'], indexKeys: ['CONTENTJOBS'], modules: ['src/content/data/drafts.ts', 'src/content/data/sends.ts', 'src/accounts/data/home-counts.ts'] },
  /** Statistics per account (STATS#<appid>): our own daily counters, unmatched texts, menu taps, QR scenes per day, WeChat's datacube days. */
  STATS: { keys: ['STATS#'], indexKeys: [], modules: ['src/stats/data/stats.ts'] },
  /** QR codes made through the product, by scene, with their scans and new followers (fed by the record stream). */
  QRCODE: { keys: ['QRCODES#'], indexKeys: [], modules: ['src/platform/data/qrcodes.ts'] },
  /**
   * The audience: the follower directory packed in blocks (FOLLOWERS#<appid>#g<gen>#<shard>), its
   * index blocks and remark items (FOLLOWERIDX#<appid>#g<gen>#<index>#<shard>), the sync's checkpoint,
   * the counters and the layout (AUDIENCE#<appid>), each organization's token bucket of WeChat calls
   * for bulk work (AUDIENCEBUCKET#<orgId>), and an account's segment jobs and exports (AUDIENCEJOB#<appid>, 24 hours).
   */
  AUDIENCE: { keys: ['FOLLOWERS#', 'FOLLOWERIDX#', 'AUDIENCE#', 'AUDIENCEBUCKET#', 'AUDIENCEJOB#'], indexKeys: ['AUDIENCESYNCS'], modules: ['src/audience/data/directory.ts', 'src/audience/data/audience-state.ts', 'src/audience/data/audience-jobs.ts'] },
  /**
   * Template messages: our copy of each account's templates (TEMPLATES#<appid>), the sends with
   * their msgid keys (TPLSENDS#<appid>), and each send's recipients (TPLRCPT#<appid>#<sendId>).
   */
  TEMPLATE: { keys: ['TEMPLATES#', 'TPLSENDS#', 'TPLRCPT#'], indexKeys: [], modules: ['src/templates/data/templates.ts', 'src/templates/data/sends.ts'] },
  /** The record stream consumer's per-(plug-in, stream record) marks: each plug-in's effect once (src/records/). */
  STREAMMARK: { keys: ['STREAMMARK#'], indexKeys: [], modules: ['src/records/data/stream-marks.ts'] },
} as const satisfies Record<string, { keys: readonly string[]; indexKeys: readonly string[]; modules: readonly string[] }>;

export type Entity = keyof typeof entities;

/** IAM StringLike patterns for a list of prefixes. */
export const keyPatterns = (prefixes: readonly string[]): string[] =>
  prefixes.map((p) => (p.endsWith('#') ? `${p}*` : p));
