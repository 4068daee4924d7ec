import { repliesDelete } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { KeywordInput } from '../inputs';
import { removeRule } from '../rules';

export const handler = endpoint(repliesDelete, KeywordInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  await removeRule(account.appid, input.request, input.version);
  return ok();
});
