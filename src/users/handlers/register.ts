import { userRegister } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { RegisterInput } from '../inputs';
import { register } from '../register';
import { mailLanguage } from '../mail-language';
import { answerText } from '../answer-texts';

export const handler = endpoint(userRegister, RegisterInput, async ({ input, event, language }) => {
  const user = await register(input, mailLanguage(event.headers));
  const msg = answerText(user.verified ? 'registeredInvited' : 'registered', language);
  return ok({ msg, user: { id: user.id, username: user.username } });
});
