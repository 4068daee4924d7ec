import { groupsWhich } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { groupOf } from '../groups';
import { OpenidInput } from '../inputs';

export const handler = endpoint(groupsWhich, OpenidInput, async ({ input, session }) =>
  ok(await groupOf(await selectAccount(session.org, input.appid), input.openid)),
);
