import { accountsBindDirect } from '../routes';
import { bindDirect } from '../direct-binding';
import { BindDirectInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

export const handler = endpoint(accountsBindDirect, BindDirectInput, async ({ input, session }) => {
  const { account, transfer } = await bindDirect(session.org, input, session.userId);
  return ok({
    account: { appid: account.appid, nickname: account.nickname, mode: account.mode },
    ...(transfer ? { transfer: { dueAt: transfer.dueAt.toISOString() } } : {}),
  });
});
