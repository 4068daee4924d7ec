import { menusDeleteConditional } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { ConditionalMenuIdInput } from '../inputs';
import { removePersonalisedMenu } from '../menus';

export const handler = endpoint(menusDeleteConditional, ConditionalMenuIdInput, async ({ input, session }) =>
  ok({ ...(await removePersonalisedMenu(await selectAccount(session.org, input.appid), input.menuid)) }),
);
