import { menusTryMatch } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { TryMatchMenuInput } from '../../src/menus/inputs';
import { menuFor } from '../../src/menus/menus';

export const handler = endpoint(menusTryMatch, TryMatchMenuInput, async ({ input, session }) =>
  ok({ ...(await menuFor(await selectAccount(session.userId, input.appid), input.openid)) }),
);
