import { accountsUnbind } from '../routes';
import { unbindAccount } from '../unbind';
import { UnbindInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

export const handler = endpoint(accountsUnbind, UnbindInput, async ({ input, session }) => {
  const { appid, mode, keptUntil } = await unbindAccount(session.org, session.userId, input);
  return ok({ appid, mode, keptUntil: keptUntil.toISOString() });
});
