import { menusGet } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MenuAccountInput } from '../inputs';
import { currentMenus } from '../menus';

export const handler = endpoint(menusGet, MenuAccountInput, async ({ input, session }) =>
  ok({ ...(await currentMenus(await selectAccount(session.org, input.appid))) }),
);
