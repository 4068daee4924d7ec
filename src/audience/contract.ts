import * as z from 'zod';
import { okBody } from '../core/http/outputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import { AppidInput, BatchTagInput, BlacklistInput, FollowerInput, FollowersInput, OpenidsInput } from './inputs';
import { ExportInput, ExportStatusInput, SegmentInput, SegmentStatusInput } from './job-inputs';
import type { audienceRoutes } from './routes';

/** Answers of the audience endpoints. */

const Counts = z.object({
  total: z.number().int().meta({ description: 'followers in the directory (maintained counter, not a count of items)' }),
  untagged: z.number().int().meta({ description: '未分组: followers with no tag (groupId 0)' }),
  tags: z.record(z.string(), z.number().int()).meta({ description: 'followers per tag id' }),
  scenes: z.record(z.string(), z.number().int()).meta({ description: 'followers per QR scene they came by' }),
});

export const SyncStatus = z.object({
  state: z.enum(['none', 'running', 'paused', 'done', 'failed']).meta({ description: 'none: never synced' }),
  kind: z.enum(['full', 'resync']).optional(),
  wechatTotal: z.number().int().optional().meta({ description: "WeChat's follower total when last listed" }),
  checked: z.number().int().optional(),
  written: z.number().int().optional().meta({ description: 'followers new or changed (only these are written)' }),
  unchanged: z.number().int().optional(),
  wechatCalls: z.number().int().optional(),
  startedAt: z.string().optional(),
  updatedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  pausedUntil: z.string().optional().meta({ description: "paused by WeChat's daily quota (45009): when it resets; the owner can clear it sooner (accounts.clearQuota), then sync again" }),
  reason: z.string().optional().meta({ description: 'why it paused or failed (a rule of the text table, e.g. wechatDailyApiQuota)' }),
});

const SyncOutput = okBody({
  started: z.boolean().meta({ description: 'false: a run was already going (it is answered as is)' }),
  status: SyncStatus,
  quota: z
    .object({ needed: z.number().int(), remain: z.number().int(), dailyLimit: z.number().int() })
    .optional()
    .meta({ description: "the batchget calls the run needs and WeChat's remaining daily quota, when WeChat reports one; short of it, the run pauses and finishes after the reset" }),
});

const Follower = z.object({
  openid: z.string(),
  subscribeTime: z.number().int(),
  remark: z.string(),
  tags: z.array(z.number().int()),
  qrScene: z.string().meta({ description: 'the QR scene they followed by ("" if none)' }),
  subscribeScene: z.string().meta({ description: "WeChat's subscribe_scene (ADD_SCENE_QR_CODE, ADD_SCENE_SEARCH…)" }),
  blocked: z.boolean().optional(),
});

const FollowersOutput = okBody({
  total: z.number().int().meta({ description: 'how many match, from the counters (a tag, a scene, or all) or the segment (segmentId); absent for a time range or a remark prefix' }).optional(),
  counts: Counts,
  followers: z.array(Follower),
  cursor: z.string().optional(),
});

const FollowerOutput = okBody({
  follower: Follower.extend({
    subscribed: z.boolean(),
    language: z.string().optional(),
    unionid: z.string().optional(),
    unsubscribedAt: z.number().int().optional(),
  }),
  noNames: z.string().meta({ description: 'why there is no nickname or avatar (WeChat stopped giving them on 2021-12-27)' }),
});

const BulkOutput = okBody({
  done: z.number().int().meta({ description: 'followers changed at WeChat (and in the directory)' }),
  wechatCalls: z.number().int(),
});

const JobState = z.enum(['running', 'done', 'failed']);

const SegmentFilters = z.object({
  tagIds: z.array(z.number().int()).optional().meta({ description: 'every one of these tags' }),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  remarkPrefix: z.string().optional(),
  scene: z.string().optional(),
  language: z.string().optional(),
  subscribeScene: z.string().optional(),
});

const SegmentStatus = z.object({
  segmentId: z.string(),
  state: JobState.meta({ description: 'running: being worked out; done: its members are paged by followers {segmentId}; failed: see reason' }),
  filters: SegmentFilters,
  count: z.number().int().meta({ description: 'followers found so far (all of them once done)' }),
  scanned: z.number().int().meta({ description: 'directory entries read (of the cheapest key of the filters)' }),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  expiresAt: z.string().meta({ description: 'a segment is kept 24 hours (to export it or send to it)' }),
  reason: z.string().optional(),
});

const ExportStatus = z.object({
  exportId: z.string(),
  state: JobState,
  rows: z.number().int().meta({ description: 'followers written (the header not counted)' }),
  bytes: z.number().int().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  expiresAt: z.string().meta({ description: 'the file is deleted 24 hours after the export was asked for; no link is given after it' }),
  url: z
    .string()
    .optional()
    .meta({ description: 'once done: a presigned GET of the CSV (UTF-8 with BOM; columns openid, 备注, 标签, 关注时间 (Beijing time), 关注渠道, 二维码场景, 语言); it lives 15 minutes, ask the status again for a new one' }),
  urlExpiresAt: z.string().optional(),
  reason: z.string().optional(),
});

export const audienceContract = {
  'audience.sync': { input: AppidInput, output: SyncOutput, account: true, codes: [E.quotaUsedUp] },
  'audience.syncStatus': { input: AppidInput, output: okBody({ status: SyncStatus }), account: true },
  'audience.followers': { input: FollowersInput, output: FollowersOutput, account: true, codes: [E.notFound, E.conflict] },
  'audience.follower': { input: FollowerInput, output: FollowerOutput, account: true, codes: [E.notFound] },
  'audience.batchTag': { input: BatchTagInput, output: BulkOutput, account: true },
  'audience.blacklist': {
    input: BlacklistInput,
    output: okBody({ total: z.number().int(), openids: z.array(z.string()), next: z.string().optional().meta({ description: 'pass as next for the following page' }) }),
    account: true,
  },
  'audience.block': { input: OpenidsInput, output: BulkOutput, account: true },
  'audience.unblock': { input: OpenidsInput, output: BulkOutput, account: true },
  'audience.segment': { input: SegmentInput, output: okBody({ segmentId: z.string(), state: JobState, segment: SegmentStatus }), account: true },
  'audience.segmentStatus': { input: SegmentStatusInput, output: okBody({ segment: SegmentStatus }), account: true, codes: [E.notFound] },
  'audience.export': {
    input: ExportInput,
    output: okBody({ exportId: z.string(), state: JobState, export: ExportStatus }),
    account: true,
    codes: [E.notFound, E.conflict],
  },
  'audience.exportStatus': { input: ExportStatusInput, output: okBody({ export: ExportStatus }), account: true, codes: [E.notFound] },
} as const satisfies Record<keyof typeof audienceRoutes, ContractSpec>;
