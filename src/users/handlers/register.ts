import { userRegister } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { RegisterInput } from '../inputs';
import { register } from '../register';
import { mailLanguage } from '../mail-language';

export const handler = endpoint(userRegister, RegisterInput, async ({ input, event }) => {
  const user = await register(input, mailLanguage(event.headers));
  const msg = user.verified ? 'registered through the invitation: log in now' : 'registered: open the link in the verification mail to finish';
  return ok({ msg, user: { id: user.id, username: user.username } });
});
