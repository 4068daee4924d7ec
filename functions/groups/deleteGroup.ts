import { groupsDelete } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { deleteGroup } from '../../src/platform/groups';
import { GroupInput } from '../../src/platform/inputs';

export const handler = endpoint(groupsDelete, GroupInput, async ({ input, session }) => {
  await deleteGroup(await selectAccount(session.userId, input.appid), input.groupId);
  return ok();
});
