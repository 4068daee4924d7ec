import { menusGet } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { MenuAccountInput } from '../../src/menus/inputs';
import { currentMenus } from '../../src/menus/menus';

export const handler = endpoint(menusGet, MenuAccountInput, async ({ input, session }) =>
  ok({ ...(await currentMenus(await selectAccount(session.userId, input.appid))) }),
);
