import { userLogin } from '../routes';
import { serializeCookie } from '../../core/http/cookies';
import { endpoint } from '../../core/http/endpoint';
import { countLoginRefusal } from '../../core/observability/metrics';
import { ok } from '../../core/http/responses';
import { sessionCookie, userCookie } from '../../core/http/session';
import { LoginInput } from '../inputs';
import { login } from '../login';

export const handler = endpoint(userLogin, LoginInput, async ({ input, event }) => {
  const client = { userAgent: event.requestContext?.http?.userAgent, ip: event.requestContext?.http?.sourceIp };
  const { token, expiresIn, user } = await login(input.username, input.password, client).catch((error: unknown) => {
    countLoginRefusal(error);
    throw error;
  });
  return ok(
    { access_token: token, expires_in: expiresIn, user: { id: user.id, username: user.username } },
    {
      cookies: [
        serializeCookie(sessionCookie, token, { maxAgeSeconds: expiresIn }),
        serializeCookie(userCookie, user.id, { maxAgeSeconds: expiresIn, httpOnly: false }),
      ],
    },
  );
});
