import { statsArticles } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { StatsRangeInput } from '../inputs';
import { articlesOf } from '../reads';

export const handler = endpoint(statsArticles, StatsRangeInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ articles: await articlesOf(account.appid, input.from, input.to) });
});
