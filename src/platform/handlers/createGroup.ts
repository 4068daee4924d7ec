import { groupsCreate } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { createGroup } from '../groups';
import { GroupNameInput } from '../inputs';

export const handler = endpoint(groupsCreate, GroupNameInput, async ({ input, session }) =>
  ok(await createGroup(await selectAccount(session.org, input.appid), input.groupName)),
);
