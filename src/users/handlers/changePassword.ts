import { userChangePassword } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { changePassword } from '../change-password';
import { ChangePasswordInput } from '../inputs';
import { mailLanguage } from '../mail-language';

export const handler = endpoint(userChangePassword, ChangePasswordInput, async ({ input, session, event }) =>
  ok({ revoked: await changePassword(session, input.oldPassword, input.newPassword, mailLanguage(event.headers)) }),
);
