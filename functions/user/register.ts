import { userRegister } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { RegisterInput } from '../../src/users/inputs';
import { register } from '../../src/users/register';

export const handler = endpoint(userRegister, RegisterInput, async ({ input }) => {
  const user = await register(input);
  return ok({ msg: 'registered: open the link in the verification mail to finish', user: { id: user.id, username: user.username } });
});
