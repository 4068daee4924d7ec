import { groupsUsers } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { groupMembers } from '../groups';
import { GroupUsersInput } from '../inputs';

export const handler = endpoint(groupsUsers, GroupUsersInput, async ({ input, session }) =>
  ok(await groupMembers(await selectAccount(session.org, input.appid), input.groupId, input.limit, input.next)),
);
