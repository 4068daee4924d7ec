import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import { AddDraftInput, CancelSendInput, DraftIdInput, ListDraftsInput, ListSendsInput, MassSendInput, PreviewMassInput, PublishInput, UpdateDraftInput, UploadArticleImageInput, articleImageFile, PendingApprovalsInput, ApproveSendInput, RejectSendInput } from './inputs';
import type { contentRoutes } from './routes';

/** Answers of the content endpoints (drafts, 发表, 群发, the history). */

const Article = z.object({
  title: z.string(),
  author: z.string(),
  digest: z.string(),
  content: z.string().meta({ description: 'the body as kept and sent: sanitized to WeChat\'s subset of HTML' }),
  contentSourceUrl: z.string(),
  thumbMediaId: z.string(),
  needOpenComment: z.boolean(),
  onlyFansCanComment: z.boolean(),
});

const Person = z.object({ userId: z.string(), username: z.string() });

export const DraftOutput = okBody({ mediaId: z.string(), articles: z.array(Article) });
export const GetDraftOutput = okBody({
  mediaId: z.string(),
  articles: z.array(Article),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: Person,
  lockedBy: z.string().optional().meta({ description: 'the scheduled send that holds the draft' }),
});
export const ListDraftsOutput = okBody({
  total: z.number().int(),
  drafts: z.array(z.object({ mediaId: z.string(), titles: z.array(z.string()), createdAt: z.string(), updatedAt: z.string(), createdBy: Person, lockedBy: z.string().optional() })),
  cursor: z.string().optional(),
});
export const UploadArticleImageOutput = okBody({ url: z.string().meta({ description: "WeChat's own URL of the picture (mmbiz.qpic.cn), for an <img src> in a body" }) });

export const Send = z.object({
  sendId: z.string(),
  appid: z.string(),
  kind: z.enum(['publish', 'mass']).meta({ description: 'publish: 发布 (freepublish, not pushed); mass: 群发 (pushed to followers)' }),
  status: z.enum(['pendingApproval', 'scheduled', 'sending', 'submitted', 'published', 'sent', 'failed', 'cancelled', 'rejected']).meta({
    description: 'pendingApproval: 等待审批 (the organization asks for an admin\'s approval); submitted: WeChat took the job, its outcome comes by push (or polling); published / sent / failed: the outcome; rejected: an admin refused it',
  }),
  message: z.object({ type: z.enum(['mpnews', 'text', 'image', 'voice', 'mpvideo']), mediaId: z.string().optional(), text: z.string().optional() }),
  target: z.union([z.object({ toAll: z.literal(true) }), z.object({ tagId: z.number().int() })]).optional(),
  titles: z.array(z.string()).optional(),
  sendAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  by: Person.meta({ description: 'who sent (or scheduled) it' }),
  jobId: z.string().optional().meta({ description: "WeChat's publish_id or msg_id" }),
  articles: z.array(z.object({ idx: z.number().int(), url: z.string() })).optional().meta({ description: 'the published articles\' links' }),
  counts: z.object({ total: z.number().int(), filtered: z.number().int(), sent: z.number().int(), error: z.number().int() }).optional(),
  reason: z.string().optional().meta({ description: "why it failed or was not sent, for a developer (WeChat's reason)" }),
  reasonText: z.string().optional().meta({ description: 'the same for a person, in the language Accept-Language asks for (as an error\'s msg), with what to do next' }),
  warnings: z
    .array(z.enum(['massSendMonthlyToAll', 'massProtectionAtNight']))
    .optional()
    .meta({
      description:
        "what to know before it goes: massSendMonthlyToAll (a service account sends to all at most 4 times a month, the back office's sends included; past that WeChat refuses: 42910 wechatMassSendQuota), massProtectionAtNight (with WeChat's API群发保护 on, a send to all waits up to 30 minutes for an administrator's confirmation in WeChat and fails unconfirmed: at night, make sure someone will confirm)",
    }),
  spent: z.array(z.object({ rule: z.string(), window: z.string(), limit: z.number(), ttl: z.number() })).optional(),
  retryable: z.boolean().optional().meta({ description: "WeChat's answer was lost: the same request (same requestId) finishes it, never sending twice" }),
  approval: z
    .object({ state: z.enum(['pending', 'approved', 'rejected']), by: Person.optional(), at: z.string().optional(), reason: z.string().optional() })
    .optional()
    .meta({ description: "an admin's approval, when the organization asks for one (a scheduled send still pending at its time is not sent)" }),
});

export const SendOutput = okBody({ sendId: z.string(), send: Send });

export const contentContract = {
  'content.addDraft': { input: AddDraftInput, output: DraftOutput, account: true, codes: [E.notFound, E.payloadTooLarge, E.conflict] },
  'content.updateDraft': { input: UpdateDraftInput, output: DraftOutput, account: true, codes: [E.notFound, E.conflict, E.payloadTooLarge] },
  'content.getDraft': { input: DraftIdInput, output: GetDraftOutput, account: true, codes: [E.notFound] },
  'content.listDrafts': { input: ListDraftsInput, output: ListDraftsOutput, account: true },
  'content.deleteDraft': { input: DraftIdInput, output: OkOnly, account: true, codes: [E.notFound, E.conflict] },
  'content.uploadArticleImage': { input: UploadArticleImageInput, output: UploadArticleImageOutput, account: true, files: [articleImageFile], codes: [E.payloadTooLarge, E.unsupportedMediaType] },
  'content.publish': { input: PublishInput, output: SendOutput, account: true, codes: [E.notFound, E.conflict, E.accountCannot, E.unavailable] },
  'content.massSend': { input: MassSendInput, output: SendOutput, account: true, codes: [E.notFound, E.conflict, E.accountCannot, E.quotaUsedUp, E.unavailable] },
  'content.previewMass': { input: PreviewMassInput, output: okBody({ msgId: z.string().optional() }), account: true, codes: [E.accountCannot, E.quotaUsedUp] },
  'content.cancelSend': { input: CancelSendInput, output: okBody({ send: Send }), account: true, codes: [E.notFound, E.conflict] },
  'content.pendingApprovals': { input: PendingApprovalsInput, output: okBody({ sends: z.array(Send) }) },
  'content.approveSend': { input: ApproveSendInput, output: okBody({ send: Send }), account: true, codes: [E.notFound, E.conflict, E.forbidden] },
  'content.rejectSend': { input: RejectSendInput, output: okBody({ send: Send }), account: true, codes: [E.notFound, E.conflict] },
  'content.listSends': { input: ListSendsInput, output: okBody({ sends: z.array(Send), cursor: z.string().optional() }), account: true },
} as const satisfies Record<keyof typeof contentRoutes, ContractSpec>;
