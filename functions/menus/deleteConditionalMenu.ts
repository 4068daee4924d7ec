import { menusDeleteConditional } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { ConditionalMenuIdInput } from '../../src/menus/inputs';
import { removePersonalisedMenu } from '../../src/menus/menus';

export const handler = endpoint(menusDeleteConditional, ConditionalMenuIdInput, async ({ input, session }) =>
  ok({ ...(await removePersonalisedMenu(await selectAccount(session.userId, input.appid), input.menuid)) }),
);
