import { platformRotateH5Secret } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { AccountOnlyInput } from '../inputs';
import { rotateH5Secret } from '../data/h5-secrets';
import { newH5Secret } from '../h5-signature';

export const handler = endpoint(platformRotateH5Secret, AccountOnlyInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok({ ...(await rotateH5Secret(account.appid, newH5Secret)) });
});
