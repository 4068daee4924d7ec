import { accountsBindDirect } from '../routes';
import { bindDirect } from '../authorization';
import { BindDirectInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

export const handler = endpoint(accountsBindDirect, BindDirectInput, async ({ input, session }) => {
  const account = await bindDirect(session.org, input);
  return ok({ account: { appid: account.appid, nickname: account.nickname, mode: account.mode } });
});
