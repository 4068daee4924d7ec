import { inboxMarkHandled } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { markHandled } from '../messages';
import { MarkHandledInput } from '../inputs';

export const handler = endpoint(inboxMarkHandled, MarkHandledInput, async ({ input, session }) =>
  ok(await markHandled(await selectAccount(session.org, input.appid), input.ids, input.handled)),
);
