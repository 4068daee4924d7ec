import { userLogout } from '../routes';
import { config } from '../../core/config';
import { clearCookie } from '../../core/http/cookies';
import { endpoint } from '../../core/http/endpoint';
import { ok, redirect, wantsHtml } from '../../core/http/responses';
import { sessionCookie, userCookie } from '../../core/http/session';
import { LogoutInput } from '../inputs';
import { logout } from '../logout';

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
