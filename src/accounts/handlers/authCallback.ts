import { componentAuthCallback } from '../routes';
import { completeAuthorization } from '../authorization';
import { AuthCallbackInput } from '../inputs';
import { config } from '../../core/config';
import { endpoint } from '../../core/http/endpoint';
import { redirect } from '../../core/http/responses';

/**
 * Why the way back from WeChat's authorization page did not link an account, as a reason code the
 * console's page explains (with what to do): WeChat sends a browser here, which must never see JSON.
 */
const authorizationRefusal = (errcode: number, msg: string): string => {
  if (errcode === 40000) return 'cancelled'; // no auth_code or state: nothing was authorized
  if (errcode === 40300 && msg.startsWith('state:')) return 'used'; // a reload, a second tab, an old link
  if (errcode === 40300 && msg.startsWith('auth_code:')) return 'unconfirmed';
  if (errcode === 40300 && msg.startsWith('appid:')) return 'elsewhere';
  if (errcode === 50200) return 'wechat';
  if (errcode === 50300) return 'busy';
  return 'failed';
};

export const handler = endpoint(
  componentAuthCallback,
  AuthCallbackInput,
  async ({ input }) => {
    const account = await completeAuthorization(input.state, input.auth_code);
    return redirect(`${config.consoleUrl}?authorized=${encodeURIComponent(account.appid)}`);
  },
  { failurePage: { browsersOnly: true, location: (errcode, msg) => `${config.consoleUrl.replace(/#.*$/, '')}#/authorize-result?reason=${authorizationRefusal(errcode, msg)}` } },
);
