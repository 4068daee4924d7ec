import { groupsWhich } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { groupOf } from '../../src/platform/groups';
import { OpenidInput } from '../../src/platform/inputs';

export const handler = endpoint(groupsWhich, OpenidInput, async ({ input, session }) =>
  ok(await groupOf(await selectAccount(session.userId, input.appid), input.openid)),
);
