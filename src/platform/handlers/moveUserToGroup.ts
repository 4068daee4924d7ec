import { groupsMove } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { moveToGroup } from '../groups';
import { MoveInput } from '../inputs';

export const handler = endpoint(groupsMove, MoveInput, async ({ input, session }) => {
  await moveToGroup(await selectAccount(session.org, input.appid), input.openid, input.groupId);
  return ok();
});
