import { templatesList } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { requireFeature } from '../../core/capabilities';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AppidInput } from '../inputs';
import { refreshTemplates } from '../library';
import { templateView } from '../views';

export const handler = endpoint(templatesList, AppidInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  requireFeature(account, 'templates');
  return ok({ templates: (await refreshTemplates(account)).map(templateView) });
});
