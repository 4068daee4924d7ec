import type * as z from 'zod';
import type { routes } from '../../lib/routes';
import type { BindDirectInput } from '../../functions/accounts/bindDirect';
import type { LoginInput } from '../../functions/user/login';
import type { RegisterInput } from '../../functions/user/register';
import type { ResendVerificationInput } from '../../functions/user/resendVerification';
import type { AccountDetailInput, AccountDetail } from '../../src/accounts/detail';
import type { AuthorizationUrls } from '../../src/accounts/authorization';
import type { SettingsInput, AccountOnlyInput } from '../../src/platform/inputs';
import type { MaterialListInput } from '../../src/materials/inputs';
import type { CreateUploadUrlInput, MaterialCountInput, MediaIdInput, UploadMaterialInput, UploadVideoInput } from '../../src/materials/inputs';
import type { GroupInput, GroupNameInput, GroupUsersInput, JsticketInput, MoveInput, QrcodeInput, RemarkInput, RenameGroupInput } from '../../src/platform/inputs';
import type { FollowerProfile } from '../../src/wechat/api/users';
import type { createSceneQrcode } from '../../src/platform/qrcode';
import type { jsConfig } from '../../src/platform/jsticket';
import type { KeywordInput, ListRulesInput, ReplyRuleInput } from '../../src/replies/inputs';
import type { ruleView } from '../../src/replies/rule-view';
import type { Profile } from '../../src/users/service';

/**
 * Route id → the zod schema its handler validates with, and the shape it answers. Type-only
 * imports: nothing here reaches the bundle. When lib/contract.ts lands on main this map is
 * replaced by it (it carries the output schemas too); until then outputs are typed from the
 * domain functions the handlers answer with.
 */
interface Contract {
  'user.register': { input: typeof RegisterInput; output: object };
  'user.resendVerification': { input: typeof ResendVerificationInput; output: object };
  'user.login': { input: typeof LoginInput; output: { access_token: string; expires_in: number; user: Pick<Profile['user'], 'id' | 'username'> } };
  'user.logout': { input: z.ZodObject<{}>; output: object };
  'user.me': { input: z.ZodObject<{}>; output: Profile };
  'component.authUrl': { input: z.ZodObject<{}>; output: Pick<AuthorizationUrls, 'authUrl' | 'mobileAuthUrl'> & { expires_in: number } };
  'accounts.bindDirect': { input: typeof BindDirectInput; output: { account: Profile['accounts'][number] } };
  'accounts.detail': { input: typeof AccountDetailInput; output: { account: AccountDetail } };
  'accounts.updateSettings': { input: typeof SettingsInput; output: { appid: string; domains: string[] } };
  'replies.list': { input: typeof ListRulesInput; output: { rules: ReturnType<typeof ruleView>[]; next?: string } };
  'replies.add': { input: typeof ReplyRuleInput; output: object };
  'replies.update': { input: typeof ReplyRuleInput; output: object };
  'replies.delete': { input: typeof KeywordInput; output: object };
  'materials.list': { input: typeof MaterialListInput; output: { item: { media_id: string; name?: string; url?: string; update_time?: number }[]; total_count: number; item_count: number } };
  'groups.list': { input: typeof AccountOnlyInput; output: { groups: Group[] } };
  // Followers, groups, QR codes, JSSDK, materials, logo (second console engineer's pages).
  'groups.create': { input: typeof GroupNameInput; output: { group: { id: number; name: string } } };
  'groups.update': { input: typeof RenameGroupInput; output: object };
  'groups.delete': { input: typeof GroupInput; output: object };
  'groups.move': { input: typeof MoveInput; output: object };
  'groups.users': { input: typeof GroupUsersInput; output: { users: Follower[]; next?: string } };
  'followers.updateRemark': { input: typeof RemarkInput; output: object };
  'platform.qrcode': { input: typeof QrcodeInput; output: Awaited<ReturnType<typeof createSceneQrcode>> };
  'platform.jsticket': { input: typeof JsticketInput; output: Awaited<ReturnType<typeof jsConfig>> };
  'materials.count': { input: typeof MaterialCountInput; output: { voice_count: number; video_count: number; image_count: number; news_count: number } };
  'materials.remove': { input: typeof MediaIdInput; output: object };
  'materials.upload': { input: typeof UploadMaterialInput; output: UploadedMaterial };
  'materials.uploadVideo': { input: typeof UploadVideoInput; output: UploadedMaterial };
  'materials.createUploadUrl': { input: typeof CreateUploadUrlInput; output: { key: string; uploadUrl: string; method: string; headers: Record<string, string>; expires_in: number } };
  'materials.uploadLogo': { input: z.ZodObject<{}>; output: { logoUrl: string } };
}

/** What an upload answers (src/materials/materials.ts; its module imports the server's S3 client, so not imported here). */
export interface UploadedMaterial {
  mediaId: string;
  url?: string;
}

/** A group as the list answers it (id 0 "ungrouped" first once the API lists it; counts from WeChat). */
export interface Group {
  id: number;
  name: string;
  count?: number;
}

/**
 * A follower as WeChat answers today (since 2021 no nickname, avatar, gender or region): the
 * fields the console shows, all optional because the API passes WeChat's answer through.
 */
export type Follower = Pick<FollowerProfile, 'openid'> & {
  remark?: string;
  tagid_list?: number[];
  groupid?: number;
  subscribe_time?: number | null;
  subscribe_scene?: string | null;
  qr_scene?: number | null;
  qr_scene_str?: string | null;
  language?: string;
};

export type RouteId = keyof Contract & keyof typeof routes;
export type Input<R extends RouteId> = z.input<Contract[R]['input']>;
export type Output<R extends RouteId> = Contract[R]['output'];
export type Rule = ReturnType<typeof ruleView>;
export type AccountSummary = Profile['accounts'][number];
export type { AccountDetail };
