import type { Account } from '../../core/data/accounts';
import { componentCredentials } from '../component-credentials';
import { callWechat } from '../http-client';
import { tokens } from '../tokens';

/** Web OAuth (网页授权): code → user access token and openid; userinfo for snsapi_userinfo. */
export interface OauthToken {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  openid: string;
  scope: string;
  unionid?: string;
}

/** Component mode exchanges through the platform (sns/oauth2/component/access_token). */
export const exchangeOauthCode = async (account: Pick<Account, 'appid' | 'mode' | 'appsecret'>, code: string): Promise<OauthToken> => {
  if (account.mode === 'direct') {
    return callWechat<OauthToken>({
      path: 'sns/oauth2/access_token',
      query: { appid: account.appid, secret: account.appsecret, code, grant_type: 'authorization_code' },
    });
  }
  const component = await componentCredentials();
  return tokens.withToken({ kind: 'component', appid: component.appid }, (componentToken) =>
    callWechat<OauthToken>({
      path: 'sns/oauth2/component/access_token',
      query: {
        appid: account.appid,
        code,
        grant_type: 'authorization_code',
        component_appid: component.appid,
        component_access_token: componentToken,
      },
    }),
  );
};

export const getSnsUserinfo = (accessToken: string, openid: string) =>
  callWechat<Record<string, unknown>>({ path: 'sns/userinfo', query: { access_token: accessToken, openid, lang: 'zh_CN' } });
