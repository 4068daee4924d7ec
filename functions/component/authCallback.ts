import * as z from 'zod';
import { routes } from '../../lib/routes';
import { completeAuthorization } from '../../src/accounts/authorization';
import { config } from '../../src/config';
import { endpoint } from '../../src/http/endpoint';
import { redirect } from '../../src/http/responses';

export const AuthCallbackInput = z.object({
  auth_code: z.string().min(1).max(512),
  expires_in: z.string().max(16).optional(),
  state: z.string().min(16).max(128),
});

export const handler = endpoint(routes['component.authCallback'], AuthCallbackInput, async ({ input }) => {
  const account = await completeAuthorization(input.state, input.auth_code);
  return redirect(`${config.consoleUrl}?authorized=${encodeURIComponent(account.appid)}`);
});
