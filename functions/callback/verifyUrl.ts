import { callbackVerifyUrl } from '../../lib/routes';
import { verifyCallbackUrl } from '../../src/callback/handle-callback';
import { UrlVerificationInput } from '../../src/callback/inputs';
import { endpoint } from '../../src/http/endpoint';
import { text } from '../../src/http/responses';

export const handler = endpoint(callbackVerifyUrl, UrlVerificationInput, async ({ input }) =>
  text(200, await verifyCallbackUrl(input.appid, input)),
);
