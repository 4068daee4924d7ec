import { accountsDetail } from '../../lib/routes';
import { accountDetail, findOwnAccount } from '../../src/accounts/detail';
import { AccountDetailInput } from '../../src/accounts/inputs';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';

/** An account's status, mode, domains and callback URL (the console's settings page). */
export const handler = endpoint(accountsDetail, AccountDetailInput, async ({ input, session }) =>
  ok({ account: accountDetail(await findOwnAccount(session.userId, input.appid)) }),
);
