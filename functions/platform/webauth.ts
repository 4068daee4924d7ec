import { platformWebauth } from '../../lib/routes';
import { endpoint } from '../../src/http/endpoint';
import { ValidationError } from '../../src/http/errors';
import { ok, redirect } from '../../src/http/responses';
import { WebauthInput } from '../../src/platform/web-inputs';
import { completeWebauth, redirectWithResult, startWebauth } from '../../src/platform/webauth';

/** Without `code`: off to WeChat's authorize page. With it (WeChat sent the follower back): the result. */
export const handler = endpoint(platformWebauth, WebauthInput, async ({ input }) => {
  if (input.code === undefined) return redirect(await startWebauth(input.appid, input.scope, input.redirect));
  if (input.state === undefined) throw new ValidationError('state: is required with code');
  const { result, redirect: target } = await completeWebauth(input.appid, input.code, input.state);
  return target ? redirect(redirectWithResult(target, result)) : ok(result);
});
