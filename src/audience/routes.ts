/** The audience area's routes and its worker (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition, ScheduledDefinition, WorkerDefinition } from '../core/route';

const readAccess = { table: 'write', entities: ['ACCOUNT', 'AUDIENCE', 'ORG', 'SESSION'] } as const;
const wechatAccess = { table: 'write', entities: ['ACCOUNT', 'AUDIENCE', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true } as const;

const route = <A extends RouteDefinition['access']>(name: string, summary: string, role: 'admin' | 'operator' | 'viewer', access: A) =>
  ({
    method: 'POST',
    path: `/apis/audience/${name}`,
    handler: `src/audience/handlers/${name}.ts`,
    role,
    auth: true,
    body: 'form',
    access,
    summary,
  }) as const;

export const audienceSync = {
  ...route('sync', "Start (or resume) the follower directory's sync from WeChat: user/get pages of 10,000, batchget by 100, run by a worker; the day's quota checked first", 'operator', {
    ...wechatAccess,
    queues: ['followerSync'] as const,
  }),
} as const satisfies RouteDefinition;
export const audienceSyncStatus = {
  ...route('syncStatus', "The sync's progress: state (running, paused, done, failed), counts, and why it paused", 'viewer', readAccess),
} as const satisfies RouteDefinition;
export const audienceFollowers = {
  ...route('followers', 'Followers from the directory by one key: a tag, a subscribe-time range, a remark prefix or a QR scene; cursor paging; totals from counters', 'viewer', readAccess),
} as const satisfies RouteDefinition;
export const audienceFollower = {
  ...route('follower', 'One follower as the directory knows them (no nickname or avatar: WeChat stopped giving them on 2021-12-27)', 'viewer', readAccess),
} as const satisfies RouteDefinition;

export const audienceBatchTag = {
  ...route('batchTag', 'Tag (or untag) up to 500 followers: at WeChat 50 a call (tags/members/batchtagging), then in the directory and its counters', 'operator', wechatAccess),
} as const satisfies RouteDefinition;
export const audienceBlacklist = {
  ...route('blacklist', "WeChat's blacklist, 10,000 openids a page (tags/members/getblacklist)", 'viewer', { table: 'write', entities: ['ACCOUNT', 'COMPONENT', 'ORG', 'SESSION', 'TOKEN'], wechat: true } as const),
} as const satisfies RouteDefinition;
export const audienceBlock = {
  ...route('block', 'Blacklist up to 200 followers: at WeChat 20 a call (batchblacklist), then marked in the directory', 'operator', wechatAccess),
} as const satisfies RouteDefinition;
export const audienceUnblock = {
  ...route('unblock', 'Take up to 200 followers off the blacklist: at WeChat 20 a call (batchunblacklist), then in the directory', 'operator', wechatAccess),
} as const satisfies RouteDefinition;

export const audienceSegment = {
  ...route('segment', 'Start a segment job: followers matching several filters at once (tags AND a time range, a QR scene AND a remark prefix, a language…), found by a worker from the cheapest key; kept 24 hours', 'operator', {
    ...readAccess,
    queues: ['audienceJobs'] as const,
  }),
} as const satisfies RouteDefinition;
export const audienceSegmentStatus = {
  ...route('segmentStatus', "A segment job's state (running, done, failed) and how many followers it found; its members are paged by followers {segmentId}", 'viewer', readAccess),
} as const satisfies RouteDefinition;
export const audienceExport = {
  ...route('export', 'Export followers (a segment, or one filter, or everyone) as CSV: built by a worker into S3; the file is kept 24 hours', 'admin', {
    ...readAccess,
    queues: ['audienceJobs'] as const,
  }),
} as const satisfies RouteDefinition;
export const audienceExportStatus = {
  ...route('exportStatus', "An export's state and, once written, a download link that lives 15 minutes (asked again, a new one); none after 24 hours", 'admin', {
    ...readAccess,
    bucket: 'read',
    bucketPrefix: 'exports/',
  } as const),
  // Reading a status changes nothing: the export itself is what the audit log records.
  change: false,
} as const satisfies RouteDefinition;

export const audienceRoutes = {
  'audience.sync': audienceSync,
  'audience.syncStatus': audienceSyncStatus,
  'audience.followers': audienceFollowers,
  'audience.follower': audienceFollower,
  'audience.batchTag': audienceBatchTag,
  'audience.blacklist': audienceBlacklist,
  'audience.block': audienceBlock,
  'audience.unblock': audienceUnblock,
  'audience.segment': audienceSegment,
  'audience.segmentStatus': audienceSegmentStatus,
  'audience.export': audienceExport,
  'audience.exportStatus': audienceExportStatus,
} as const satisfies Record<string, RouteDefinition>;

/**
 * The sync's worker. One message carries one run forward for a time slice, checkpoints, and sends
 * the next; `maximumConcurrency` caps how many run at once, so bulk work never takes the
 * concurrency the callback needs, and a per-tenant token bucket shares WeChat calls between
 * organizations.
 */
export const audienceWorkers = {
  followerSync: {
    handler: 'src/audience/handlers/syncWorker.ts',
    queueUrlVariable: 'AUDIENCE_SYNC_QUEUE_URL',
    maxReceiveCount: 5,
    batchSize: 1,
    timeoutSeconds: 120,
    maximumConcurrency: 5,
    continues: true,
    access: { table: 'write', entities: ['ACCOUNT', 'AUDIENCE', 'COMPONENT', 'TOKEN'], wechat: true },
    summary: "The follower directory's sync: a slice of user/get + batchget from the run's checkpoint, only what changed written, then the next slice",
  },
  /**
   * Segment jobs and exports: their own queue, capped apart from the sync's, so neither kind of
   * bulk work waits behind the other nor takes the concurrency the callback needs.
   */
  audienceJobs: {
    handler: 'src/audience/handlers/jobsWorker.ts',
    queueUrlVariable: 'AUDIENCE_JOBS_QUEUE_URL',
    maxReceiveCount: 5,
    batchSize: 1,
    timeoutSeconds: 120,
    maximumConcurrency: 3,
    // A long segment or export hands its next page to its own queue.
    continues: true,
    access: { table: 'write', entities: ['ACCOUNT', 'AUDIENCE', 'COMPONENT', 'TOKEN'], wechat: true, bucket: 'write', bucketPrefix: 'exports/' },
    summary: 'Segment jobs (an index read page by page, the other filters checked, members written in chunks) and follower exports (CSV to S3 under exports/)',
  },
} as const satisfies Record<string, WorkerDefinition>;

/** The daily resync (writes only what changed) and the resumption of runs paused by WeChat's daily quota. */
export const audienceScheduled = {
  dailyResync: {
    handler: 'src/audience/handlers/dailyResync.ts',
    // Hourly: a paused run goes on within the hour after its reset; a directory is resynced once it is a day old.
    schedule: 'rate(1 hour)',
    access: { table: 'write', entities: ['ACCOUNT', 'AUDIENCE'], queues: ['followerSync'] },
    summary: 'Each synced account: resume a run paused by the daily quota once it reset, or start the resync of a directory a day old',
  },
} as const satisfies Record<string, ScheduledDefinition>;
