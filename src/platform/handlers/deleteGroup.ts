import { groupsDelete } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { deleteGroup } from '../groups';
import { GroupInput } from '../inputs';

export const handler = endpoint(groupsDelete, GroupInput, async ({ input, session }) => {
  await deleteGroup(await selectAccount(session.org, input.appid), input.groupId);
  return ok();
});
