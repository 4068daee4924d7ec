import { statsMenus } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { StatsRangeInput } from '../inputs';
import { menuTapsOf } from '../reads';

export const handler = endpoint(statsMenus, StatsRangeInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ buttons: await menuTapsOf(account.appid, input.from, input.to) });
});
