import { routes } from '../../lib/routes';
import { selectAccount } from '../../src/accounts/select-account';
import { updateAccount } from '../../src/data/accounts';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { defaultRetentionDays } from '../../src/inbox/retention';
import { SettingsInput } from '../../src/platform/inputs';

/** The web domains an account allows for OAuth redirects and JSSDK pages; how long its inbox keeps messages. */
export const handler = endpoint(routes['accounts.updateSettings'], SettingsInput, async ({ input, session }) => {
  const account = await selectAccount(session.userId, input.appid);
  const changes = {
    ...(input.domains ? { domains: [...new Set(input.domains)] } : {}),
    ...(input.inboxRetentionDays === undefined ? {} : { inboxRetentionDays: input.inboxRetentionDays }),
  };
  await updateAccount(account.appid, changes);
  return ok({
    appid: account.appid,
    domains: changes.domains ?? account.domains ?? [],
    inboxRetentionDays: changes.inboxRetentionDays ?? account.inboxRetentionDays ?? defaultRetentionDays,
  });
});
