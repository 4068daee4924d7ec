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
  'groups.list': { input: typeof AccountOnlyInput; output: object };
}

export type RouteId = keyof Contract & keyof typeof routes;
export type Input<R extends RouteId> = z.input<Contract[R]['input']>;
export type Output<R extends RouteId> = Contract[R]['output'];
export type Rule = ReturnType<typeof ruleView>;
export type AccountSummary = Profile['accounts'][number];
export type { AccountDetail };
