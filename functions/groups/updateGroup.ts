import { groupsUpdate } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { renameGroup } from '../../src/platform/groups';
import { RenameGroupInput } from '../../src/platform/inputs';

export const handler = endpoint(groupsUpdate, RenameGroupInput, async ({ input, session }) => {
  await renameGroup(await selectAccount(session.userId, input.appid), input.groupId, input.groupName);
  return ok();
});
