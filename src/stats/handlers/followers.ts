import { statsFollowers } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { StatsRangeInput } from '../inputs';
import { followersOf } from '../reads';

export const handler = endpoint(statsFollowers, StatsRangeInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ days: await followersOf(account.appid, input.from, input.to) });
});
