import * as z from 'zod';
import { okBody } from '../core/http/outputs';
import { ConversationInput, InboxMediaInput, ListInboxInput, MarkHandledInput, ReplyInput } from './inputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { inboxRoutes } from './routes';

/** Answers of the inbox endpoints. */
export const inboxMessage = z.object({
  id: z.string().meta({ description: '`<CreateTime, 10 digits>-<32 hex>`' }),
  direction: z.enum(['in', 'out']).meta({ description: 'in: the follower sent it; out: a reply sent from the platform' }),
  appid: z.string(),
  openid: z.string(),
  msgType: z.string(),
  event: z.string().optional(),
  eventKey: z.string().optional(),
  content: z.string().optional(),
  mediaId: z.string().optional(),
  thumbMediaId: z.string().optional(),
  picUrl: z.string().optional(),
  format: z.string().optional(),
  recognition: z.string().optional(),
  location: z.object({ x: z.union([z.string(), z.number()]), y: z.union([z.string(), z.number()]), scale: z.union([z.string(), z.number()]).optional(), label: z.string().optional() }).optional(),
  link: z.object({ title: z.string(), description: z.string(), url: z.string() }).optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  msgId: z.string().optional(),
  createTime: z.number().int(),
  receivedAt: z.string(),
  answer: z
    .object({
      kind: z.enum(['passive', 'custom', 'none']),
      replyType: z.string().optional(),
      summary: z.string().optional(),
      mediaId: z.string().optional().meta({ description: 'the material an image, voice or video answer sent' }),
      title: z.string().optional().meta({ description: "a video answer's title" }),
    })
    .optional(),
  state: z.enum(['done', 'pending']).optional(),
  handled: z.boolean(),
  sentBy: z.string().optional(),
});

const grantView = z
  .object({
    scene: z.enum(['message', 'event']).meta({ description: "message: the follower's message (5 within 48 hours); event: a follow, QR scan or click/scancode menu tap (3 within 1 minute)" }),
    by: z.string().meta({ description: 'what opened it: `message`, or the event as WeChat named it (subscribe, SCAN, CLICK…)' }),
    at: z.number().int(),
    until: z.number().int(),
    limit: z.number().int(),
    used: z.number().int(),
    left: z.number().int(),
  })
  .meta({ description: 'one live quota of the follower' });

export const replyWindow = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('open'), left: z.number().int(), lastMessageAt: z.number().int(), closesAt: z.number().int(), grants: z.array(grantView) }),
    z.object({ state: z.literal('usedUp'), rule: z.enum(['message', 'event']), resetsAt: z.null(), grants: z.array(grantView) }),
    z.object({ state: z.literal('closed') }),
    z.object({ state: z.literal('unknown') }),
  ])
  .meta({
    description:
      "WeChat's customer-service quota for this follower (since 2023-06-12): 5 messages within 48 hours of the follower's message, 3 within 1 minute of a follow, QR scan or click/scancode menu tap. open: `left` can be sent, the longest-lasting quota closing at `closesAt`; usedUp: none left until the follower acts again; closed: no live quota; unknown: nothing recorded and the inbox keeps too little to tell (WeChat decides)",
  });

export const ListInboxOutput = okBody({ messages: z.array(inboxMessage), next: z.string().optional() });
export const ConversationOutput = okBody({ messages: z.array(inboxMessage), next: z.string().optional(), window: replyWindow });
export const MarkHandledOutput = okBody({ ids: z.array(z.string()), handled: z.boolean() });
export const ReplyOutput = okBody({ message: inboxMessage.optional().meta({ description: 'the reply as the thread keeps it (absent when the account keeps no inbox, or when it was sent but storage was too busy to thread it)' }), window: replyWindow });
export const InboxMediaAnswer = z.string().meta({ format: 'binary', description: "the media's bytes, with its content type (image/*, audio/*, video/*)" });

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const inboxContract = {
  'inbox.list': { input: ListInboxInput, output: ListInboxOutput, account: true },
  'inbox.conversation': { input: ConversationInput, output: ConversationOutput, account: true },
  'inbox.markHandled': { input: MarkHandledInput, output: MarkHandledOutput, account: true },
  'inbox.reply': { input: ReplyInput, output: ReplyOutput, account: true, codes: [E.replyWindowClosed, E.quotaUsedUp] },
  'inbox.media': {
    input: InboxMediaInput,
    output: z.never(),
    json: false,
    account: true,
    codes: [E.payloadTooLarge],
    answer: { contentType: 'application/octet-stream', schema: InboxMediaAnswer, description: "the media's bytes under its own content type (image/*, audio/*, video/*)" },
  },
} as const satisfies Record<keyof typeof inboxRoutes, ContractSpec>;
