import * as z from 'zod';
import { routes } from '../../lib/routes';
import { serializeCookie } from '../../src/http/cookies';
import { endpoint } from '../../src/http/endpoint';
import { countLoginRefusal } from '../../src/observability/metrics';
import { ok } from '../../src/http/responses';
import { sessionCookie, userCookie } from '../../src/http/session';
import { login } from '../../src/users/service';

// Loose on purpose: a login never tells which rule a username breaks.
export const LoginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) });

export const handler = endpoint(routes['user.login'], LoginInput, async ({ input }) => {
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
