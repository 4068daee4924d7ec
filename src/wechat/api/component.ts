import { componentCredentials } from '../component-credentials';
import { callWechat } from '../http-client';
import { tokens } from '../tokens';

/** The third-party platform's API (cgi-bin/component/*), each call through the component token. */

const withComponentToken = async <T>(call: (componentAppid: string, token: string) => Promise<T>): Promise<T> => {
  const { appid } = await componentCredentials();
  return tokens.withToken({ kind: 'component', appid }, (token) => call(appid, token));
};

export const createPreAuthCode = () =>
  withComponentToken((component_appid, token) =>
    callWechat<{ pre_auth_code: string; expires_in: number }>({
      path: 'cgi-bin/component/api_create_preauthcode',
      query: { component_access_token: token },
      json: { component_appid },
    }),
  );

export interface AuthorizationInfo {
  authorizer_appid: string;
  authorizer_access_token: string;
  expires_in: number;
  authorizer_refresh_token: string;
  func_info?: { funcscope_category: { id: number } }[];
}

export const queryAuth = (authorizationCode: string) =>
  withComponentToken((component_appid, token) =>
    callWechat<{ authorization_info: AuthorizationInfo }>({
      path: 'cgi-bin/component/api_query_auth',
      query: { component_access_token: token },
      json: { component_appid, authorization_code: authorizationCode },
    }),
  ).then((res) => res.authorization_info);

export interface AuthorizerInfo {
  nick_name?: string;
  head_img?: string;
  principal_name?: string;
  service_type_info?: { id: number };
  verify_type_info?: { id: number };
  /** The account's original ID (gh_…): the ToUserName of its pushes. */
  user_name?: string;
}

export const getAuthorizerInfo = (authorizerAppid: string) =>
  withComponentToken((component_appid, token) =>
    callWechat<{ authorizer_info: AuthorizerInfo }>({
      path: 'cgi-bin/component/api_get_authorizer_info',
      query: { component_access_token: token },
      json: { component_appid, authorizer_appid: authorizerAppid },
    }),
  ).then((res) => res.authorizer_info);
