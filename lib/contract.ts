/**
 * The API contract: for every route of the route table, the zod schema its handler validates with
 * (`input`), the body of its success answer (`output`) and every errcode it may answer. The OpenAPI
 * document (lib/openapi.ts), the docs page and the console's API client derive from this map.
 *
 * Never imported by a Lambda (it pulls every schema of the product, and the answer schemas no
 * handler needs): handlers import their own `inputs.ts`; a test proves each handler validates with
 * exactly the schema listed here.
 */
import * as z from 'zod';
import { wechatErrorTable } from '../src/wechat/error-table';
import {
  AccountDetailInput,
  AuthCallbackInput,
  AuthUrlInput,
  BindDirectInput,
  ComponentEventQuery,
} from '../src/accounts/inputs';
import { AccountDetailOutput, AuthUrlOutput, BindDirectOutput, MpVerifyFileText, SettingsOutput } from '../src/accounts/outputs';
import { CallbackQueryInput, UrlVerificationInput } from '../src/callback/inputs';
import { ErrorCode } from '../src/core/errors';
import { type ErrorCodeNumber } from '../src/core/http/outputs';
import {
  CreateUploadUrlInput,
  logoFile,
  materialFile,
  MaterialCountInput,
  MaterialImageInput,
  MaterialListInput,
  MediaIdInput,
  UploadLogoInput,
  UploadMaterialInput,
  UploadVideoInput,
  videoFile,
  type FileField,
} from '../src/materials/inputs';
import {
  CreateUploadUrlOutput,
  MaterialCountOutput,
  MaterialImageAnswer,
  MaterialListOutput,
  RemoveMaterialOutput,
  UploadLogoOutput,
  UploadMaterialOutput,
  UploadVideoOutput,
} from '../src/materials/outputs';
import {
  AccountOnlyInput,
  GroupInput,
  GroupNameInput,
  GroupUsersInput,
  MoveInput,
  OpenidInput,
  RemarkInput,
  RenameGroupInput,
} from '../src/platform/inputs';
import { MpVerifyFileInput, SettingsInput } from '../src/accounts/settings-inputs';
import { JsticketInput, QrcodeInput, WebauthInput } from '../src/platform/web-inputs';
import {
  CreateGroupOutput,
  GroupChangeOutput,
  GroupsOutput,
  GroupUsersOutput,
  JsticketOutput,
  QrcodeOutput,
  RemarkOutput,
  WebauthOutput,
  WhichGroupOutput,
} from '../src/platform/outputs';
import { KeywordInput, ListRulesInput, ReplyRuleInput } from '../src/replies/inputs';
import { DeleteRuleOutput, ListRulesOutput, RuleOutput } from '../src/replies/outputs';
import { replyContent, replyTypes } from '../src/replies/reply-schema';
import {
  LoginInput,
  LogoutInput,
  LogoInput,
  MeInput,
  RegisterInput,
  ResendVerificationInput,
  VerifyInput,
} from '../src/users/inputs';
import {
  LoginOutput,
  LogoutOutput,
  MeOutput,
  RegisterOutput,
  ResendVerificationOutput,
  VerifyOutput,
} from '../src/users/outputs';
import { LogoImage } from '../src/users/outputs';
import {
  CallbackMessageXml,
  EncryptedEnvelopeXml,
  PassiveReplyXml,
  SuccessText,
} from '../src/wechat/push-schemas';
import { ConversationInput, InboxMediaInput, ListInboxInput, MarkHandledInput, ReplyInput } from '../src/inbox/inputs';
import { ConversationOutput, InboxMediaAnswer, ListInboxOutput, MarkHandledOutput, ReplyOutput } from '../src/inbox/outputs';
import { AddConditionalMenuInput, ConditionalMenuIdInput, CreateMenuInput, MenuAccountInput, TryMatchMenuInput } from '../src/menus/inputs';
import {
  AddConditionalMenuOutput,
  CreateMenuOutput,
  DeleteConditionalMenuOutput,
  DeleteMenuOutput,
  GetMenuOutput,
  ListConditionalMenusOutput,
  TryMatchMenuOutput,
} from '../src/menus/outputs';
import { routes, type RouteDefinition, type RouteId } from './routes';

export type { ErrorCodeNumber } from '../src/core/http/outputs';
export type { FileField } from '../src/materials/inputs';

export interface RouteContract {
  /** The schema the handler validates with: query, body fields and path parameters merged. */
  readonly input: z.core.$ZodType;
  /** The success answer's body (JSON unless `answer` says otherwise). */
  readonly output: z.ZodType;
  /** Every errcode the route may answer (besides 0), each with SPEC §3's HTTP status. */
  readonly errcodes: readonly ErrorCodeNumber[];
  /** Multipart file parts the handler reads beside the fields. */
  readonly files?: readonly FileField[];
  /** The seed's spellings the input accepts, alias → name (field names and, for `vedio`, a value). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Fields the input takes loosely and the domain checks in a second stage, with the schema it checks them with. */
  readonly fields?: Readonly<Record<string, z.ZodType>>;
  /** WeChat-facing routes: the XML the body holds (the handler reads it with its own parser). */
  readonly xmlBody?: z.ZodType;
  /** A success answer that is not JSON. */
  readonly answer?: { readonly contentType: 'text/plain' | 'application/xml' | 'application/octet-stream' | 'image/*'; readonly schema: z.ZodType; readonly description: string };
  /** A success answer that is a 302 (besides, or instead of, the JSON one). */
  readonly redirect?: string;
  /** The success answer is the JSON `output` (false when only `answer`/`redirect` apply). */
  readonly json?: boolean;
}

const E = ErrorCode;

/** What every route of a kind may answer, from its route entry; `extra` adds the route's own. */
const errcodesOf = (route: RouteDefinition, extra: { account?: boolean; codes?: ErrorCodeNumber[] } = {}): ErrorCodeNumber[] => {
  // Every route may be shed or find its storage busy (50300, Retry-After).
  const codes = new Set<ErrorCodeNumber>([E.invalidRequest, E.internal, E.unavailable]);
  if (route.auth) codes.add(E.unauthorized);
  if (route.body === 'form' || route.body === 'multipart' || route.body === 'raw') codes.add(E.payloadTooLarge);
  if (route.body === 'form' || route.body === 'multipart') codes.add(E.unsupportedMediaType);
  if (route.access.wechat) {
    codes.add(E.wechat);
    // WeChat's refusals that are the caller's fault answer as that fault (src/wechat/error-table.ts).
    for (const mapped of Object.values(wechatErrorTable)) codes.add(mapped.errcode as ErrorCodeNumber);
  }
  if (extra.account) [E.forbidden, E.notFound, E.noAccount].forEach((c) => codes.add(c));
  extra.codes?.forEach((c) => codes.add(c));
  return [...codes].sort((a, b) => a - b);
};

type EntrySpec = Omit<RouteContract, 'errcodes'> & {
  /** Account-scoped (optional `appid`): may answer 40300, 40400 and 41200. */
  account?: boolean;
  codes?: ErrorCodeNumber[];
};

/** One route's contract; keeps the schemas' own types so clients are typed from them. */
const entry = <const C extends EntrySpec>(id: RouteId, c: C): Omit<C, 'account' | 'codes'> & { errcodes: readonly ErrorCodeNumber[] } => {
  const { account, codes, ...rest } = c;
  return { ...rest, errcodes: errcodesOf(routes[id], { ...(account ? { account } : {}), ...(codes ? { codes } : {}) }) };
};

/**
 * `reply` as parseReply reads it (the input takes it as unknown, then checks it against the
 * type's content schema): `{type, content}`, the content alone, or text as a plain string; in a
 * form body, any of these as a JSON string.
 */
const replyFieldDoc = z
  .union([
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('text'), content: z.string() }),
      ...replyTypes.filter((t) => t !== 'text').map((type) => z.object({ type: z.literal(type), content: replyContent[type] })),
    ] as unknown as [z.ZodObject<{ type: z.ZodLiteral<string> }>]),
    ...replyTypes.map((type) => replyContent[type]),
    z.string(),
  ])
  .meta({
    description:
      'the reply: `{type, content}`, or the content alone (for text, the text itself), or (in a form body) that JSON as a string',
  });

const replyAliases = { vedio: 'video', mediald: 'mediaId', thumbMediald: 'thumbMediaId' } as const;

export const contract = {
  'user.register': entry('user.register', { input: RegisterInput, output: RegisterOutput, codes: [E.conflict, E.tooManyAttempts] }),
  'user.verify': entry('user.verify', {
    input: VerifyInput,
    output: VerifyOutput,
    codes: [E.notFound],
    redirect: 'browsers (Accept: text/html) go on to the console: `<consoleUrl>?verified=1`',
  }),
  'user.resendVerification': entry('user.resendVerification', { input: ResendVerificationInput, output: ResendVerificationOutput, codes: [E.tooManyAttempts] }),
  'user.login': entry('user.login', {
    input: LoginInput,
    output: LoginOutput,
    codes: [E.badCredentials, E.emailNotVerified, E.tooManyAttempts],
  }),
  'user.logout': entry('user.logout', {
    input: LogoutInput,
    output: LogoutOutput,
    redirect: 'browsers (Accept: text/html) go back to the console, cookies cleared',
  }),
  'user.me': entry('user.me', { input: MeInput, output: MeOutput }),
  'user.logo': entry('user.logo', {
    input: LogoInput,
    output: z.never(),
    json: false,
    codes: [E.notFound],
    answer: { contentType: 'application/octet-stream', schema: LogoImage, description: 'the logo under its own content type (image/png, image/jpeg)' },
  }),
  'component.authUrl': entry('component.authUrl', { input: AuthUrlInput, output: AuthUrlOutput }),
  'component.authCallback': entry('component.authCallback', {
    input: AuthCallbackInput,
    output: z.never(),
    json: false,
    codes: [E.forbidden, E.conflict],
    redirect: 'to the console: `<consoleUrl>?authorized=<appid>`',
  }),
  'component.event': entry('component.event', {
    input: ComponentEventQuery,
    output: z.never(),
    json: false,
    codes: [E.forbidden],
    xmlBody: EncryptedEnvelopeXml,
    answer: { contentType: 'text/plain', schema: SuccessText, description: '`success` once the push is stored' },
  }),
  'accounts.bindDirect': entry('accounts.bindDirect', {
    input: BindDirectInput,
    output: BindDirectOutput,
    codes: [E.forbidden, E.conflict],
  }),
  'replies.add': entry('replies.add', {
    input: ReplyRuleInput,
    output: RuleOutput,
    account: true,
    codes: [E.conflict],
    aliases: replyAliases,
    fields: { reply: replyFieldDoc },
  }),
  'replies.update': entry('replies.update', {
    input: ReplyRuleInput,
    output: RuleOutput,
    account: true,
    aliases: replyAliases,
    fields: { reply: replyFieldDoc },
  }),
  'replies.delete': entry('replies.delete', { input: KeywordInput, output: DeleteRuleOutput, account: true }),
  'replies.list': entry('replies.list', { input: ListRulesInput, output: ListRulesOutput, account: true }),
  'callback.verifyUrl': entry('callback.verifyUrl', {
    input: UrlVerificationInput,
    output: z.never(),
    json: false,
    codes: [E.forbidden, E.notFound],
    answer: { contentType: 'text/plain', schema: z.string(), description: '`echostr`, echoed under a valid signature' },
  }),
  'callback.message': entry('callback.message', {
    input: CallbackQueryInput,
    output: z.never(),
    json: false,
    codes: [E.forbidden, E.notFound],
    xmlBody: z.union([CallbackMessageXml, EncryptedEnvelopeXml]),
    answer: {
      contentType: 'application/xml',
      schema: PassiveReplyXml,
      description: 'a passive reply (encrypted when the request was), or the plain text `success` when nothing answers',
    },
  }),
  'accounts.updateSettings': entry('accounts.updateSettings', {
    input: SettingsInput,
    output: SettingsOutput,
    account: true,
    codes: [E.conflict],
  }),
  'platform.mpVerifyFile': entry('platform.mpVerifyFile', {
    input: MpVerifyFileInput,
    output: z.never(),
    json: false,
    codes: [E.notFound],
    answer: { contentType: 'text/plain', schema: MpVerifyFileText, description: 'the code WeChat checks (also served at /MP_verify_<code>.txt)' },
  }),
  'accounts.detail': entry('accounts.detail', { input: AccountDetailInput, output: AccountDetailOutput, codes: [E.forbidden, E.notFound, E.noAccount] }),
  'platform.webauth': entry('platform.webauth', {
    input: WebauthInput,
    output: WebauthOutput,
    codes: [E.forbidden, E.notFound],
    redirect: "without `code`: to WeChat's authorize page; with `code` and a `redirect` given at the start: to it, the result in its query",
  }),
  'platform.jsticket': entry('platform.jsticket', { input: JsticketInput, output: JsticketOutput, codes: [E.forbidden, E.notFound] }),
  'platform.qrcode': entry('platform.qrcode', { input: QrcodeInput, output: QrcodeOutput, account: true, aliases: { senseld: 'sceneId' } }),
  'followers.updateRemark': entry('followers.updateRemark', { input: RemarkInput, output: RemarkOutput, account: true }),
  'groups.list': entry('groups.list', { input: AccountOnlyInput, output: GroupsOutput, account: true }),
  'groups.which': entry('groups.which', { input: OpenidInput, output: WhichGroupOutput, account: true }),
  'groups.create': entry('groups.create', { input: GroupNameInput, output: CreateGroupOutput, account: true }),
  'groups.update': entry('groups.update', { input: RenameGroupInput, output: GroupChangeOutput, account: true }),
  'groups.delete': entry('groups.delete', { input: GroupInput, output: GroupChangeOutput, account: true }),
  'groups.move': entry('groups.move', { input: MoveInput, output: GroupChangeOutput, account: true }),
  'groups.users': entry('groups.users', { input: GroupUsersInput, output: GroupUsersOutput, account: true }),
  'materials.upload': entry('materials.upload', {
    input: UploadMaterialInput,
    output: UploadMaterialOutput,
    account: true,
    files: [materialFile],
  }),
  'materials.uploadVideo': entry('materials.uploadVideo', {
    input: UploadVideoInput,
    output: UploadVideoOutput,
    account: true,
    files: [videoFile],
    aliases: { tile: 'title' },
  }),
  'materials.createUploadUrl': entry('materials.createUploadUrl', { input: CreateUploadUrlInput, output: CreateUploadUrlOutput }),
  'materials.remove': entry('materials.remove', { input: MediaIdInput, output: RemoveMaterialOutput, account: true, aliases: { mediald: 'mediaId' } }),
  'materials.count': entry('materials.count', { input: MaterialCountInput, output: MaterialCountOutput, account: true }),
  'materials.list': entry('materials.list', { input: MaterialListInput, output: MaterialListOutput, account: true }),
  'materials.image': entry('materials.image', {
    input: MaterialImageInput,
    output: z.never(),
    json: false,
    account: true,
    codes: [E.payloadTooLarge, E.unsupportedMediaType],
    answer: { contentType: 'image/*', schema: MaterialImageAnswer, description: "the image's bytes under its own content type; `Cache-Control: private, max-age=2592000, immutable` (a media_id's file never changes)" },
  }),
  'materials.uploadLogo': entry('materials.uploadLogo', {
    input: UploadLogoInput,
    output: UploadLogoOutput,
    files: [logoFile],
    aliases: { logolFile: 'logoFile' },
  }),
  'menus.create': entry('menus.create', { input: CreateMenuInput, output: CreateMenuOutput, account: true }),
  'menus.get': entry('menus.get', { input: MenuAccountInput, output: GetMenuOutput, account: true }),
  'menus.delete': entry('menus.delete', { input: MenuAccountInput, output: DeleteMenuOutput, account: true }),
  'menus.addConditional': entry('menus.addConditional', { input: AddConditionalMenuInput, output: AddConditionalMenuOutput, account: true }),
  'menus.deleteConditional': entry('menus.deleteConditional', { input: ConditionalMenuIdInput, output: DeleteConditionalMenuOutput, account: true }),
  'menus.listConditional': entry('menus.listConditional', { input: MenuAccountInput, output: ListConditionalMenusOutput, account: true }),
  'menus.tryMatch': entry('menus.tryMatch', { input: TryMatchMenuInput, output: TryMatchMenuOutput, account: true }),
  'inbox.list': entry('inbox.list', { input: ListInboxInput, output: ListInboxOutput, account: true }),
  'inbox.conversation': entry('inbox.conversation', { input: ConversationInput, output: ConversationOutput, account: true }),
  'inbox.markHandled': entry('inbox.markHandled', { input: MarkHandledInput, output: MarkHandledOutput, account: true }),
  'inbox.reply': entry('inbox.reply', { input: ReplyInput, output: ReplyOutput, account: true, codes: [E.replyWindowClosed] }),
  'inbox.media': entry('inbox.media', {
    input: InboxMediaInput,
    output: z.never(),
    json: false,
    account: true,
    codes: [E.payloadTooLarge],
    answer: { contentType: 'application/octet-stream', schema: InboxMediaAnswer, description: "the media's bytes under its own content type (image/*, audio/*, video/*)" },
  }),
} as const satisfies Record<RouteId, RouteContract>;

export type Contract = typeof contract;
/** The validated input of a route (what the handler sees). */
export type RouteInput<Id extends RouteId> = z.output<Contract[Id]['input']>;
/** What a client may send to a route (before defaults and coercion). */
export type RouteRequest<Id extends RouteId> = z.input<Contract[Id]['input']>;
/** The success body of a route. */
export type RouteOutput<Id extends RouteId> = z.output<Contract[Id]['output']>;

export { errorBody, errorTable, okBody, statusOf } from '../src/core/http/outputs';
