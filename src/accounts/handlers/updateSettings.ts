import { accountsUpdateSettings } from '../routes';
import { selectAccount } from '../select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { SettingsInput } from '../settings-inputs';
import { updateSettings } from '../settings';

/** The web domains an account allows (OAuth redirects, JSSDK pages) WeChat's domain-check file, and how long its inbox keeps messages. */
export const handler = endpoint(accountsUpdateSettings, SettingsInput, async ({ input, session }) =>
  ok(await updateSettings(await selectAccount(session.org, input.appid), input)),
);
