import { menusAddConditional } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { AddConditionalMenuInput } from '../../src/menus/inputs';
import { addPersonalisedMenu } from '../../src/menus/menus';

export const handler = endpoint(menusAddConditional, AddConditionalMenuInput, async ({ input, session }) =>
  ok({ ...(await addPersonalisedMenu(await selectAccount(session.userId, input.appid), input.button, input.matchrule)) }),
);
