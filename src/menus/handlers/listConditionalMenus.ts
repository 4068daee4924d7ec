import { menusListConditional } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MenuAccountInput } from '../inputs';
import { listPersonalisedMenus } from '../menus';

export const handler = endpoint(menusListConditional, MenuAccountInput, async ({ input, session }) =>
  ok({ ...(await listPersonalisedMenus(await selectAccount(session.org, input.appid))) }),
);
