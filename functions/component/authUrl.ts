import { componentAuthUrl } from '../../lib/routes';
import { startAuthorization } from '../../src/accounts/authorization';
import { AuthUrlInput } from '../../src/accounts/inputs';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';

export const handler = endpoint(componentAuthUrl, AuthUrlInput, async ({ input, session }) => {
  const { authUrl, mobileAuthUrl, expiresIn } = await startAuthorization(session.userId, input.authType);
  return ok({ authUrl, mobileAuthUrl, expires_in: expiresIn });
});
