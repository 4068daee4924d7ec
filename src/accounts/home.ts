import { listAccountsOfOrganization, type Account } from '../core/data/accounts';
import { NotFoundError } from '../core/errors';
import { countFailedSends, countNewFollowers, countUnhandled, type Count } from './data/home-counts';
import type { OrgScope } from './select-account';

/**
 * The console's 首页: "what happened since yesterday, what needs me", per official account of the
 * organization. Days are China's (UTC+8), as WeChat's back office counts them.
 */
const chinaOffsetMs = 8 * 3600 * 1000;
const dayMs = 24 * 3600 * 1000;
/** Failed sends stay on the home page a week: a send is rarely retried later than that. */
const failedSendsDays = 7;
/** Accounts answered with numbers; an organization with more picks one by appid. */
const maxAccounts = 10;

/** 00:00 of yesterday, China time. */
export const startOfYesterday = (now: number): number => Math.floor((now + chinaOffsetMs) / dayMs) * dayMs - chinaOffsetMs - dayMs;

/** An account WeChat no longer lets us act for: revoked at WeChat, or its refresh token refused. */
const needsReauthorization = (account: Account): boolean => account.status === 'unauthorized' || (account.mode === 'component' && account.refreshError !== undefined);

const numbersOf = async (account: Account, now: number) => {
  if (account.status !== 'authorized') return {};
  const [newFollowers, unhandled, failedSends] = await Promise.all([
    countNewFollowers(account.appid, Math.floor(startOfYesterday(now) / 1000)),
    countUnhandled(account.appid),
    countFailedSends(account.appid, now - failedSendsDays * dayMs),
  ]);
  return { newFollowers, unhandled, failedSends };
};

export const homeOf = async (org: OrgScope, appid: string | undefined, now = Date.now()) => {
  const all = (await listAccountsOfOrganization(org.orgId)).filter((a) => a.status !== 'unbound');
  if (appid && !all.some((a) => a.appid === appid)) throw new NotFoundError(`appid: ${appid} is not an account of this organization`);
  const chosen = appid ? all.filter((a) => a.appid === appid) : all.slice(0, maxAccounts);
  const accounts = await Promise.all(
    chosen.map(async (account) => ({
      appid: account.appid,
      nickname: account.nickname,
      status: account.status,
      needsReauthorization: needsReauthorization(account),
      ...(await numbersOf(account, now)),
    })),
  );
  return {
    since: new Date(startOfYesterday(now)).toISOString(),
    failedSendsSince: new Date(now - failedSendsDays * dayMs).toISOString(),
    accounts,
    more: !appid && all.length > chosen.length,
    // Another helper adds content.pendingApprovals; until then the 首页 has no approvals to show.
    pendingApprovals: null,
  };
};

export type HomeCount = Count;
