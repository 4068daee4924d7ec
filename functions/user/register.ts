import * as z from 'zod';
import { routes } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ok } from '../../src/http/responses';
import { email, password, username } from '../../src/http/schemas';
import { register } from '../../src/users/service';

export const RegisterInput = z.object({ username, password, email });

export const handler = endpoint(routes['user.register'], RegisterInput, async ({ input }) => {
  const user = await register(input);
  return ok({ msg: 'registered: open the link in the verification mail to finish', user: { id: user.id, username: user.username } });
});
