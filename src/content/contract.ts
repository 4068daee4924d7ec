import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import { AddDraftInput, DraftIdInput, ListDraftsInput, UpdateDraftInput, UploadArticleImageInput, articleImageFile } from './inputs';
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

export const contentContract = {
  'content.addDraft': { input: AddDraftInput, output: DraftOutput, account: true, codes: [E.payloadTooLarge, E.conflict] },
  'content.updateDraft': { input: UpdateDraftInput, output: DraftOutput, account: true, codes: [E.notFound, E.conflict, E.payloadTooLarge] },
  'content.getDraft': { input: DraftIdInput, output: GetDraftOutput, account: true, codes: [E.notFound] },
  'content.listDrafts': { input: ListDraftsInput, output: ListDraftsOutput, account: true },
  'content.deleteDraft': { input: DraftIdInput, output: OkOnly, account: true, codes: [E.notFound, E.conflict] },
  'content.uploadArticleImage': { input: UploadArticleImageInput, output: UploadArticleImageOutput, account: true, files: [articleImageFile], codes: [E.payloadTooLarge, E.unsupportedMediaType] },
} as const satisfies Record<keyof typeof contentRoutes, ContractSpec>;
