import { inboxList } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { listMessages } from '../messages';
import { ListInboxInput } from '../inputs';

export const handler = endpoint(inboxList, ListInboxInput, async ({ input, session }) => {
  const { appid, limit, next, ...filter } = input;
  return ok({ ...(await listMessages(await selectAccount(session.org, appid), filter, limit, next)) });
});
