import * as z from 'zod';
import { routes } from '../../lib/routes';
import { startAuthorization } from '../../src/accounts/authorization';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';

export const handler = endpoint(routes['component.authUrl'], z.object({}), async ({ session }) => {
  const { authUrl, mobileAuthUrl, expiresIn } = await startAuthorization(session.userId);
  return ok({ authUrl, mobileAuthUrl, expires_in: expiresIn });
});
