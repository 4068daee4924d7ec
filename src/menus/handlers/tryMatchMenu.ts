import { menusTryMatch } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { TryMatchMenuInput } from '../inputs';
import { menuFor } from '../menus';

export const handler = endpoint(menusTryMatch, TryMatchMenuInput, async ({ input, session }) =>
  ok({ ...(await menuFor(await selectAccount(session.org, input.appid), input.openid)) }),
);
