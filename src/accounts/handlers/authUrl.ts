import { componentAuthUrl } from '../routes';
import { startAuthorization } from '../authorization';
import { AuthUrlInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';

export const handler = endpoint(componentAuthUrl, AuthUrlInput, async ({ input, session }) => {
  const { authUrl, mobileAuthUrl, state, expiresIn } = await startAuthorization(session.org, session, input.authType);
  return ok({ authUrl, mobileAuthUrl, state, expires_in: expiresIn });
});
