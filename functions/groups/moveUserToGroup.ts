import { groupsMove } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { moveToGroup } from '../../src/platform/groups';
import { MoveInput } from '../../src/platform/inputs';

export const handler = endpoint(groupsMove, MoveInput, async ({ input, session }) => {
  await moveToGroup(await selectAccount(session.userId, input.appid), input.openid, input.groupId);
  return ok();
});
