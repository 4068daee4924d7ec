import { inboxMarkHandled } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { markHandled } from '../../src/inbox/messages';
import { MarkHandledInput } from '../../src/inbox/inputs';

export const handler = endpoint(inboxMarkHandled, MarkHandledInput, async ({ input, session }) =>
  ok(await markHandled(await selectAccount(session.userId, input.appid), input.ids, input.handled)),
);
