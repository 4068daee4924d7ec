import { inboxList } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { listMessages } from '../../src/inbox/messages';
import { ListInboxInput } from '../../src/inbox/inputs';

export const handler = endpoint(inboxList, ListInboxInput, async ({ input, session }) => {
  const { appid, limit, next, ...filter } = input;
  return ok({ ...(await listMessages(await selectAccount(session.userId, appid), filter, limit, next)) });
});
