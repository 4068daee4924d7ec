import { menusListConditional } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { MenuAccountInput } from '../../src/menus/inputs';
import { listPersonalisedMenus } from '../../src/menus/menus';

export const handler = endpoint(menusListConditional, MenuAccountInput, async ({ input, session }) =>
  ok({ ...(await listPersonalisedMenus(await selectAccount(session.userId, input.appid))) }),
);
