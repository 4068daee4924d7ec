import { accountsUpdateSettings } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { SettingsInput } from '../../src/platform/settings-inputs';
import { updateSettings } from '../../src/platform/settings';

/** The web domains an account allows (OAuth redirects, JSSDK pages) WeChat's domain-check file, and how long its inbox keeps messages. */
export const handler = endpoint(accountsUpdateSettings, SettingsInput, async ({ input, session }) =>
  ok(await updateSettings(await selectAccount(session.userId, input.appid), input)),
);
