import { groupsList } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { listGroups } from '../groups';
import { AccountOnlyInput } from '../inputs';

export const handler = endpoint(groupsList, AccountOnlyInput, async ({ input, session }) =>
  ok(await listGroups(await selectAccount(session.org, input.appid))),
);
