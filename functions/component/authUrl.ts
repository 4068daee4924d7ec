import { routes } from '../../lib/routes';
import { startAuthorization } from '../../src/accounts/authorization';
import { AuthUrlInput } from '../../src/accounts/inputs';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';

export const handler = endpoint(routes['component.authUrl'], AuthUrlInput, async ({ session }) => {
  const { authUrl, mobileAuthUrl, expiresIn } = await startAuthorization(session.userId);
  return ok({ authUrl, mobileAuthUrl, expires_in: expiresIn });
});
