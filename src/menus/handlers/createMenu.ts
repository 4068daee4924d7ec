import { menusCreate } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { CreateMenuInput } from '../inputs';
import { publishMenu } from '../menus';

export const handler = endpoint(menusCreate, CreateMenuInput, async ({ input, session }) =>
  ok({ ...(await publishMenu(await selectAccount(session.org, input.appid), input.button, input.version)) }),
);
