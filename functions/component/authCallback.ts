import { componentAuthCallback } from '../../lib/routes';
import { completeAuthorization } from '../../src/accounts/authorization';
import { AuthCallbackInput } from '../../src/accounts/inputs';
import { config } from '../../src/config';
import { endpoint } from '../../src/http/endpoint';
import { redirect } from '../../src/http/responses';

export const handler = endpoint(componentAuthCallback, AuthCallbackInput, async ({ input }) => {
  const account = await completeAuthorization(input.state, input.auth_code);
  return redirect(`${config.consoleUrl}?authorized=${encodeURIComponent(account.appid)}`);
});
