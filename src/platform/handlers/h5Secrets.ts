import { platformH5Secrets } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AccountOnlyInput } from '../inputs';
import { ensureH5Secrets } from '../data/h5-secrets';
import { newH5Secret } from '../h5-signature';

export const handler = endpoint(platformH5Secrets, AccountOnlyInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ ...(await ensureH5Secrets(account.appid, newH5Secret)) });
});
