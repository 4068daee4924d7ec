import { userLogin } from '../../lib/routes';
import { serializeCookie } from '../../src/http/cookies';
import { endpoint } from '../../src/http/endpoint';
import { countLoginRefusal } from '../../src/observability/metrics';
import { ok } from '../../src/http/responses';
import { sessionCookie, userCookie } from '../../src/http/session';
import { LoginInput } from '../../src/users/inputs';
import { login } from '../../src/users/login';

export const handler = endpoint(userLogin, LoginInput, async ({ input }) => {
  const { token, expiresIn, user } = await login(input.username, input.password).catch((error: unknown) => {
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
