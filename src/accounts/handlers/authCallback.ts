import { componentAuthCallback } from '../routes';
import { recordPhoneReturn } from '../linking-phone';
import { AuthCallbackInput } from '../inputs';
import { config } from '../../core/config';
import { endpoint } from '../../core/http/endpoint';
import { redirect } from '../../core/http/responses';

const consolePage = (path: string, params: Record<string, string>) => `${config.consoleUrl.replace(/\/?$/, '/')}#${path}?${new URLSearchParams(params)}`;

/**
 * WeChat's redirect is a top-level navigation: it carries no console session (a bearer token in the
 * console's localStorage), so it links nothing here. The console page it lands on completes it with
 * the session's token (component.authComplete), or, in any other browser, explains and links nothing.
 * The code travels in the fragment, which browsers send to no server. A phone shows a code to type
 * into the console that waits.
 */
export const handler = endpoint(
  componentAuthCallback,
  AuthCallbackInput,
  async ({ input }) => {
    if (input.via === 'phone') {
      const code = await recordPhoneReturn(input.state, input.auth_code);
      return redirect(consolePage('/authorize/phone', code ? { state: input.state, code } : { error: 'state' }));
    }
    return redirect(consolePage('/authorize/return', { state: input.state, auth_code: input.auth_code }));
  },
  // WeChat sends a browser here, which must never see JSON: a return without its auth_code or state
  // (the owner cancelled on WeChat's page) or one that fails lands on the console page that explains.
  {
    failurePage: {
      browsersOnly: true,
      location: (errcode) => consolePage('/authorize/return', { reason: errcode === 40000 ? 'cancelled' : errcode === 50300 ? 'busy' : 'failed' }),
    },
  },
);
