import { menusDelete } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MenuAccountInput } from '../inputs';
import { removeMenus } from '../menus';

export const handler = endpoint(menusDelete, MenuAccountInput, async ({ input, session }) =>
  ok({ ...(await removeMenus(await selectAccount(session.org, input.appid))) }),
);
