import { audienceBlock } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { setBlocked } from '../bulk';
import { OpenidsInput } from '../inputs';

export const handler = endpoint(audienceBlock, OpenidsInput, async ({ input, session }) => {
  const account = await selectAccount(session.org, input.appid);
  return ok(await setBlocked(account, input.openids, true));
});
