import { accountsDetail } from '../routes';
import { accountDetail, findOwnAccount } from '../detail';
import { AccountDetailInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

/** An account's status, mode, domains and callback URL (the console's settings page). */
export const handler = endpoint(accountsDetail, AccountDetailInput, async ({ input, session }) =>
  ok({ account: accountDetail(await findOwnAccount(session.org, input.appid)) }),
);
