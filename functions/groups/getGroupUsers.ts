import { groupsUsers } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { groupMembers } from '../../src/platform/groups';
import { GroupUsersInput } from '../../src/platform/inputs';

export const handler = endpoint(groupsUsers, GroupUsersInput, async ({ input, session }) =>
  ok(await groupMembers(await selectAccount(session.userId, input.appid), input.groupId, input.limit, input.next)),
);
