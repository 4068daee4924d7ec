import { menusGetCurrent } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { MenuAccountInput } from '../inputs';
import { liveMenu } from '../live-menu';

export const handler = endpoint(menusGetCurrent, MenuAccountInput, async ({ input, session }) =>
  ok({ ...(await liveMenu(await selectAccount(session.userId, input.appid))) }),
);
