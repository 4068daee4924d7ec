import { userDeleteAccount } from '../routes';
import { clearCookie } from '../../core/http/cookies';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { sessionCookie, userCookie } from '../../core/http/session';
import { deleteUserAccount } from '../delete-account';
import { DeleteAccountInput } from '../inputs';

export const handler = endpoint(userDeleteAccount, DeleteAccountInput, async ({ input, session }) =>
  ok({ ...(await deleteUserAccount(session.userId, input.password)) }, { cookies: [clearCookie(sessionCookie), clearCookie(userCookie)] }),
);
