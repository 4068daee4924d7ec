import { accountsHome } from '../routes';
import { homeOf } from '../home';
import { HomeInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

/** The console's 首页: what happened since yesterday, what needs the operator. */
export const handler = endpoint(accountsHome, HomeInput, async ({ input, session }) => ok(await homeOf(session.org, input.appid)));
