import { componentAuthCallback } from '../routes';
import { completeAuthorization } from '../authorization';
import { AuthCallbackInput } from '../inputs';
import { config } from '../../core/config';
import { endpoint } from '../../core/http/endpoint';
import { redirect } from '../../core/http/responses';

export const handler = endpoint(componentAuthCallback, AuthCallbackInput, async ({ input }) => {
  const account = await completeAuthorization(input.state, input.auth_code);
  return redirect(`${config.consoleUrl}?authorized=${encodeURIComponent(account.appid)}`);
});
