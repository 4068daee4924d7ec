import { groupsList } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { listGroups } from '../../src/platform/groups';
import { AccountOnlyInput } from '../../src/platform/inputs';

export const handler = endpoint(groupsList, AccountOnlyInput, async ({ input, session }) =>
  ok(await listGroups(await selectAccount(session.userId, input.appid))),
);
