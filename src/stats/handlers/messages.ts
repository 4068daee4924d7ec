import { statsMessages } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { StatsRangeInput } from '../inputs';
import { messagesOf } from '../reads';

export const handler = endpoint(statsMessages, StatsRangeInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ days: await messagesOf(account.appid, input.from, input.to) });
});
