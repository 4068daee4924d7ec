import { menusDelete } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { MenuAccountInput } from '../../src/menus/inputs';
import { removeMenus } from '../../src/menus/menus';

export const handler = endpoint(menusDelete, MenuAccountInput, async ({ input, session }) =>
  ok({ ...(await removeMenus(await selectAccount(session.userId, input.appid))) }),
);
