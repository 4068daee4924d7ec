import { groupsUpdate } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { renameGroup } from '../groups';
import { RenameGroupInput } from '../inputs';

export const handler = endpoint(groupsUpdate, RenameGroupInput, async ({ input, session }) => {
  await renameGroup(await selectAccount(session.org, input.appid), input.groupId, input.groupName);
  return ok();
});
