import { audienceBlacklist } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { blacklistPage } from '../../wechat/api/blacklist';
import { BlacklistInput } from '../inputs';

/** WeChat's own list (the directory marks `blocked` too, but only for blocks made through the product or seen since). */
export const handler = endpoint(audienceBlacklist, BlacklistInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  const page = await blacklistPage(account, input.next ?? '');
  const openids = page.data?.openid ?? [];
  return ok({ total: page.total, openids, ...(openids.length === 10_000 && page.next_openid ? { next: page.next_openid } : {}) });
});
