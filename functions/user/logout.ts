import { userLogout } from '../../lib/routes';
import { config } from '../../src/config';
import { clearCookie } from '../../src/http/cookies';
import { endpoint } from '../../src/http/endpoint';
import { ok, redirect, wantsHtml } from '../../src/http/responses';
import { sessionCookie, userCookie } from '../../src/http/session';
import { LogoutInput } from '../../src/users/inputs';
import { logout } from '../../src/users/logout';

export const handler = endpoint(
  userLogout,
  LogoutInput,
  async ({ session, event }) => {
    await logout(session.tokenHash);
    const cookies = [clearCookie(sessionCookie), clearCookie(userCookie)];
    return wantsHtml(event.headers) ? redirect(config.consoleUrl, { cookies }) : ok({}, { cookies });
  },
  { sessionFromCookie: true },
);
