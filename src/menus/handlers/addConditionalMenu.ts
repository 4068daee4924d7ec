import { menusAddConditional } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AddConditionalMenuInput } from '../inputs';
import { addPersonalisedMenu } from '../menus';

export const handler = endpoint(menusAddConditional, AddConditionalMenuInput, async ({ input, session }) =>
  ok({ ...(await addPersonalisedMenu(await selectAccount(session.org, input.appid), input.button, input.matchrule)) }),
);
