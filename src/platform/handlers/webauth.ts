import { platformWebauth } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { ValidationError } from '../../core/errors';
import { ok, redirect } from '../../core/http/responses';
import { WebauthInput } from '../web-inputs';
import { completeWebauth, handOffRedirect, startWebauth } from '../webauth';

/** Without `code`: off to WeChat's authorize page. With it (WeChat sent the follower back): the result, signed when it goes on to the customer's page. */
export const handler = endpoint(platformWebauth, WebauthInput, async ({ input }) => {
  if (input.code === undefined) return redirect(await startWebauth(input.appid, input.scope, input.redirect));
  if (input.state === undefined) throw new ValidationError('state: is required with code');
  const { result, redirect: target } = await completeWebauth(input.appid, input.code, input.state);
  return target ? redirect(await handOffRedirect(input.appid, target, result)) : ok(result);
});
