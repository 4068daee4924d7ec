import { menusDelete } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { DeleteMenuInput } from '../inputs';
import { removeMenus } from '../menus';

export const handler = endpoint(menusDelete, DeleteMenuInput, async ({ input, session }) =>
  ok({ ...(await removeMenus(await selectAccount(session.org, input.appid), input.version)) }),
);
