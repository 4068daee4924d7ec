import type { FunctionComponent } from 'preact';
import type { MessageKey } from '../i18n';
import { AuditPage } from './audit';
import { AuthorizePage } from './authorize';
import { AuthorizePhonePage, AuthorizeReturnPage } from './authorize-return';
import { CheckMailPage } from './check-mail';
import { DraftsPage } from './drafts';
import { ConfirmEmailPage, RevertEmailPage } from './email-links';
import { ForgotPage } from './forgot';
import { HomePage } from './home';
import { H5Page } from './h5';
import { LogoPage } from './logo';
import { MaterialsPage } from './materials';
import { QrcodesPage } from './qrcodes';
import { InboxPage } from './inbox';
import { InvitePage } from './invite';
import { MembersPage } from './members';
import { LoginPage } from './login';
import { MenusPage } from './menus';
import { RegisterPage } from './register';
import { ResetPage } from './reset';
import { SecurityPage } from './security';
import { SendsPage } from './sends';
import { VerifyPage } from './verify';
import { RepliesPage } from './replies';
import { RulePage } from './rule';
import { SettingsPage } from './settings';
import { StatsPage } from './stats';
import { TagsPage } from './tags';
import { TransferCancelPage } from './transfer-cancel';
import type { PageProps } from './types';
import { lazyPage } from './lazy';

// Pages loaded as chunks of their own when first opened (the first screen's size budget).
const DraftPage = lazyPage('draft.newTitle', () => import('./draft').then((m) => m.DraftPage));
const FollowerPage = lazyPage('follower.title', () => import('./follower').then((m) => m.FollowerPage));
const FollowersPage = lazyPage('followers.title', () => import('./followers').then((m) => m.FollowersPage));
const TemplatesPage = lazyPage('templates.title', () => import('./templates').then((m) => m.TemplatesPage));

/**
 * The page table: URL path → page. Adding a page = one file in pages/ and one line here (with
 * `nav`, its group, it also appears in the back office's navigation).
 * access: 'public' (no session), 'user' (a session), 'account' (a session and an authorized account).
 */
/** The navigation's groups, in WeChat's back office order (../shared/STYLE.md): 首页, 内容, 互动, 用户, 数据, 设置与开发. */
export const navGroups = ['home', 'content', 'interaction', 'audience', 'stats', 'settings'] as const;
export type NavGroup = (typeof navGroups)[number];

export interface PageDefinition {
  component: FunctionComponent<PageProps>;
  access: 'public' | 'user' | 'account';
  title: MessageKey;
  /** Where the page sits in the back office's navigation (grouped as WeChat's 公众平台); none = not listed. */
  nav?: NavGroup;
  /** URL parameters that name the page's subject: a change mounts the page afresh (filters don't). */
  identity?: string[];
}

export const pages: Record<string, PageDefinition> = {
  '/login': { component: LoginPage, access: 'public', title: 'login.title' },
  '/register': { component: RegisterPage, access: 'public', title: 'register.title' },
  '/check-mail': { component: CheckMailPage, access: 'public', title: 'checkMail.title' },
  '/invite': { component: InvitePage, access: 'public', title: 'invite.title' },
  '/forgot': { component: ForgotPage, access: 'public', title: 'forgot.title' },
  '/reset': { component: ResetPage, access: 'public', title: 'reset.title' },
  '/verify': { component: VerifyPage, access: 'public', title: 'verify.title' },
  '/confirm-email': { component: ConfirmEmailPage, access: 'public', title: 'confirmEmail.title' },
  '/revert-email': { component: RevertEmailPage, access: 'public', title: 'revertEmail.title' },
  // Links made before the outcomes moved to the return page still land there.
  '/authorize-result': { component: AuthorizeReturnPage, access: 'public', title: 'authorizeResult.title' },
  '/authorize': { component: AuthorizePage, access: 'user', title: 'authorize.title' },
  // Public: WeChat's redirect may land in any browser, which must be told why nothing was linked.
  '/authorize/return': { component: AuthorizeReturnPage, access: 'public', title: 'authorizeReturn.title' },
  '/authorize/phone': { component: AuthorizePhonePage, access: 'public', title: 'authorizePhone.title' },
  '/transfer/cancel': { component: TransferCancelPage, access: 'public', title: 'transferCancel.title' },
  '/home': { component: HomePage, access: 'account', title: 'home.title', nav: 'home' },
  '/replies': { component: RepliesPage, access: 'account', title: 'nav.replies', nav: 'interaction' },
  '/rule': { component: RulePage, access: 'account', title: 'replies.newTitle', identity: ['keyword'] },
  '/menus': { component: MenusPage, access: 'account', title: 'nav.menus', nav: 'interaction' },
  // Under 互动, not 用户: what it does is write to followers, like 自动回复 and 消息管理; WeChat's back
  // office files 模板消息 under 功能 (广告与服务), which the console folds into 互动.
  '/templates': { component: TemplatesPage, access: 'account', title: 'templates.title', nav: 'interaction' },
  '/inbox': { component: InboxPage, access: 'account', title: 'nav.inbox', nav: 'interaction', identity: ['openid'] },
  '/followers': { component: FollowersPage, access: 'account', title: 'followers.title', nav: 'audience' },
  '/follower': { component: FollowerPage, access: 'account', title: 'follower.title', identity: ['openid'] },
  '/tags': { component: TagsPage, access: 'account', title: 'tags.title', nav: 'audience' },
  '/qrcodes': { component: QrcodesPage, access: 'account', title: 'qr.title', nav: 'audience' },
  '/drafts': { component: DraftsPage, access: 'account', title: 'drafts.title', nav: 'content' },
  '/draft': { component: DraftPage, access: 'account', title: 'draft.newTitle', identity: ['mediaId'] },
  '/sends': { component: SendsPage, access: 'account', title: 'sends.title', nav: 'content' },
  '/materials': { component: MaterialsPage, access: 'account', title: 'materials.title', nav: 'content' },
  '/stats': { component: StatsPage, access: 'account', title: 'stats.title', nav: 'stats' },
  '/h5': { component: H5Page, access: 'account', title: 'h5.title', nav: 'settings' },
  '/settings': { component: SettingsPage, access: 'account', title: 'nav.settings', nav: 'settings' },
  '/members': { component: MembersPage, access: 'user', title: 'nav.members', nav: 'settings' },
  '/audit': { component: AuditPage, access: 'user', title: 'audit.title', nav: 'settings' },
  '/logo': { component: LogoPage, access: 'user', title: 'logo.title', nav: 'settings' },
  '/security': { component: SecurityPage, access: 'user', title: 'security.title', nav: 'settings' },
};

/** Where a signed-in user with an authorized account lands. */
export const homePath = '/home';
