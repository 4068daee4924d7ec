import { componentAuthUrl } from '../routes';
import { startAuthorization } from '../authorization';
import { AuthUrlInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

export const handler = endpoint(componentAuthUrl, AuthUrlInput, async ({ input, session }) => {
  const { authUrl, mobileAuthUrl, expiresIn } = await startAuthorization(session.org, session.userId, input.authType);
  return ok({ authUrl, mobileAuthUrl, expires_in: expiresIn });
});
