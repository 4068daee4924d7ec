import { statsUnmatched } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { UnmatchedInput } from '../inputs';
import { unmatchedOf } from '../reads';

export const handler = endpoint(statsUnmatched, UnmatchedInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ texts: await unmatchedOf(account.appid, input.from, input.to, input.limit) });
});
