import { repliesDelete } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { KeywordInput } from '../../src/replies/inputs';
import { removeRule } from '../../src/replies/rules';

export const handler = endpoint(repliesDelete, KeywordInput, async ({ input, session }) => {
  const account = await selectAccount(session.userId, input.appid);
  await removeRule(account.appid, input.request);
  return ok();
});
