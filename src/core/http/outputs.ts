import * as z from 'zod';
import { ErrorCode, type ErrorCodeValue } from '../errors';

/**
 * The answers' shapes (SPEC §3) as zod schemas, for the contract and the OpenAPI document. No
 * Lambda imports this module: handlers build answers with `ok()` and the error mapper, and the
 * contract tests hold real answers against these schemas.
 */

/** Success: `{"errcode":0,"msg":"ok", ...data}` (a few routes put their own sentence in `msg`). */
export const okBody = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.object({ errcode: z.literal(0), msg: z.string(), ...shape });

export const OkOnly = okBody({});

const errorMeaning: Record<Exclude<ErrorCodeValue, 0>, { status: number; meaning: string }> = {
  [ErrorCode.invalidRequest]: { status: 400, meaning: 'invalid request; `msg` names the field (`field: what is wrong`)' },
  [ErrorCode.unauthorized]: { status: 401, meaning: 'missing, invalid or expired access_token' },
  [ErrorCode.badCredentials]: { status: 401, meaning: 'wrong username or password (one message for both)' },
  [ErrorCode.emailNotVerified]: { status: 403, meaning: 'e-mail not verified yet' },
  [ErrorCode.forbidden]: { status: 403, meaning: 'the appid / resource belongs to someone else, or a signature does not verify' },
  [ErrorCode.accountCannot]: {
    status: 403,
    meaning: "the official account cannot do this: its type, its verification or a permission set it did not grant (`need` names it; WeChat's 48001 answers so too)",
  },
  [ErrorCode.roleForbidden]: { status: 403, meaning: 'your role in this organization does not allow it (`need` names the role)' },
  [ErrorCode.notFound]: { status: 404, meaning: 'not found' },
  [ErrorCode.conflict]: { status: 409, meaning: 'conflict (username or e-mail taken, keyword exists, account bound elsewhere)' },
  [ErrorCode.replyWindowClosed]: { status: 409, meaning: "outside WeChat's 48-hour customer-service window (the follower has not written for 48 hours, or unfollowed)" },
  [ErrorCode.staleVersion]: { status: 409, meaning: 'changed elsewhere since you loaded it (stale `version`): reload; `version` is the stored one' },
  [ErrorCode.noAccount]: { status: 409, meaning: 'no official account authorized yet' },
  [ErrorCode.payloadTooLarge]: { status: 413, meaning: 'payload or file too large' },
  [ErrorCode.unsupportedMediaType]: { status: 415, meaning: 'unsupported content type or file type' },
  [ErrorCode.tooManyAttempts]: { status: 429, meaning: 'too many attempts (`retry_after` seconds, and a `Retry-After` header)' },
  [ErrorCode.quotaUsedUp]: { status: 429, meaning: "a quota is used up (customer-service replies, WeChat's daily API quota…): `rule` names it, `resetsAt` when it renews (null: when the follower acts again)" },
  [ErrorCode.internal]: { status: 500, meaning: 'internal error; carries `requestId`, which the logs carry too' },
  [ErrorCode.wechat]: { status: 502, meaning: 'WeChat refused; adds `wxerrcode` and `wxerrmsg` as WeChat sent them' },
  [ErrorCode.unavailable]: { status: 503, meaning: 'busy (storage throttled, a broken connection, or out of time): repeat after `Retry-After` seconds; repeating is safe' },
};

export type ErrorCodeNumber = Exclude<ErrorCodeValue, 0>;

/** Every error code with its HTTP status and meaning, in code order. */
export const errorTable = (Object.entries(errorMeaning) as [string, { status: number; meaning: string }][])
  .map(([code, v]) => ({ errcode: Number(code) as ErrorCodeNumber, ...v }))
  .sort((a, b) => a.errcode - b.errcode);

export const statusOf = (errcode: ErrorCodeNumber): number => errorMeaning[errcode].status;

/** Fields some errors add beside errcode and msg. */
const errorExtras: Partial<Record<ErrorCodeNumber, z.ZodRawShape>> = {
  [ErrorCode.tooManyAttempts]: { retry_after: z.number().int().min(0) },
  [ErrorCode.internal]: { requestId: z.string() },
  [ErrorCode.accountCannot]: {
    need: z.string().meta({ description: "'serviceAccount', 'verification', 'permissionSet:<func_info id>', or 'wechat-permission' when WeChat refused (48001)" }),
    feature: z.string().optional(),
    wxerrcode: z.number().int().optional(),
    wxerrmsg: z.string().optional(),
  },
  [ErrorCode.roleForbidden]: { need: z.enum(['owner', 'admin', 'editor', 'operator', 'viewer']) },
  [ErrorCode.wechat]: { wxerrcode: z.number().int(), wxerrmsg: z.string() },
  [ErrorCode.quotaUsedUp]: {
    rule: z.string(),
    resetsAt: z.string().nullable().meta({ description: 'when it renews (ISO 8601); null when only the follower acting again renews it' }),
    wxerrcode: z.number().int().optional(),
    wxerrmsg: z.string().optional(),
    window: z.object({ state: z.string() }).optional(),
  },
  [ErrorCode.staleVersion]: { version: z.number().int().min(0) },
  [ErrorCode.replyWindowClosed]: { wxerrcode: z.number().int().optional(), wxerrmsg: z.string().optional(), window: z.object({ state: z.string() }).optional() },
};

/** The body of one error answer: `{errcode: N, msg, ...extras}`. */
export const errorBody = (errcode: ErrorCodeNumber) =>
  z
    .object({ errcode: z.literal(errcode), msg: z.string().min(1), ...errorExtras[errcode] })
    .meta({ description: errorMeaning[errcode].meaning });
