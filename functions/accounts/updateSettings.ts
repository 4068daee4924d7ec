import { routes } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { updateAccount } from '../../src/data/accounts';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { SettingsInput } from '../../src/platform/inputs';

/** The web domains an account allows for OAuth redirects and JSSDK pages. */
export const handler = endpoint(routes['accounts.updateSettings'], SettingsInput, async ({ input, session }) => {
  const account = await selectAccount(session.userId, input.appid);
  const domains = [...new Set(input.domains)];
  await updateAccount(account.appid, { domains });
  return ok({ appid: account.appid, domains });
});
