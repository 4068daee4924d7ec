import { groupsCreate } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { createGroup } from '../../src/platform/groups';
import { GroupNameInput } from '../../src/platform/inputs';

export const handler = endpoint(groupsCreate, GroupNameInput, async ({ input, session }) =>
  ok(await createGroup(await selectAccount(session.userId, input.appid), input.groupName)),
);
