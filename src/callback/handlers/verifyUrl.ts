import { callbackVerifyUrl } from '../routes';
import { verifyCallbackUrl } from '../handle-callback';
import { UrlVerificationInput } from '../inputs';
import { endpoint } from '../../core/http/endpoint';
import { text } from '../../core/http/responses';

export const handler = endpoint(callbackVerifyUrl, UrlVerificationInput, async ({ input }) =>
  text(200, await verifyCallbackUrl(input.appid, input)),
);
