import { accountsBindDirect } from '../../lib/routes';
import { bindDirect } from '../../src/accounts/authorization';
import { BindDirectInput } from '../../src/accounts/inputs';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';

export const handler = endpoint(accountsBindDirect, BindDirectInput, async ({ input, session }) => {
  const account = await bindDirect(session.userId, input);
  return ok({ account: { appid: account.appid, nickname: account.nickname, mode: account.mode } });
});
