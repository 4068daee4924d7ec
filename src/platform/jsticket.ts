import { requireFeature } from '../core/capabilities';
import { getAccount } from '../core/data/accounts';
import { NotFoundError } from '../core/errors';
import { jsapiSignature, newNonceStr } from '../wechat/jssdk';
import { tokens } from '../wechat/tokens';
import { requireAllowedHost } from './domains';

/** JSSDK config for an H5 page of an account; limited to the account's domains when it has any. */
export const jsConfig = async (appid: string, url: string) => {
  const account = await getAccount(appid);
  if (!account || account.status !== 'authorized') throw new NotFoundError(`appid: ${appid} is not served here`);
  if (account.domains?.length) requireAllowedHost('url', url, account.domains);
  requireFeature(account, 'jssdk');
  const ticket = await tokens.get({ kind: 'jsapi', appid });
  const nonceStr = newNonceStr();
  const timestamp = Math.floor(Date.now() / 1000);
  return { appid, nonceStr, timestamp, signature: jsapiSignature({ ticket, nonceStr, timestamp, url }) };
};
