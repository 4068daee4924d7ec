import { menusCreate } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { CreateMenuInput } from '../../src/menus/inputs';
import { publishMenu } from '../../src/menus/menus';

export const handler = endpoint(menusCreate, CreateMenuInput, async ({ input, session }) =>
  ok({ ...(await publishMenu(await selectAccount(session.userId, input.appid), input.button)) }),
);
