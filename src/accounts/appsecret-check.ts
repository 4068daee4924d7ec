import { AppError, ErrorCode } from '../core/errors';
import { WechatApiError } from '../wechat/api-error';
import { WechatErrorCode } from '../wechat/error-codes';
import { callWechat } from '../wechat/http-client';
import './rule-texts';

/**
 * WeChat refusing the very credentials the owner just typed is bad input, not a WeChat outage:
 * 40000 naming the field, so the console shows it beside AppID or AppSecret. (Later, on a bound
 * account, the same codes mean the secret was reset at WeChat and stay 50200.)
 */
const credentialRefusal = (error: unknown): AppError | undefined => {
  if (!(error instanceof WechatApiError)) return undefined;
  const field =
    error.wxerrcode === WechatErrorCode.invalidAppid
      ? 'appid: WeChat knows no official account with this AppID'
      : error.wxerrcode === WechatErrorCode.invalidAppsecret
        ? 'appsecret: WeChat refused this AppSecret (wrong, or reset since it was copied)'
        : undefined;
  const rule = error.wxerrcode === WechatErrorCode.invalidAppid ? 'wechat.appidUnknown' : 'wechat.appsecretRefused';
  return field
    ? new AppError(ErrorCode.invalidRequest, 400, `${field} (WeChat ${error.wxerrcode})`, {
        cause: error,
        extra: { wxerrcode: error.wxerrcode, wxerrmsg: error.wxerrmsg },
        problem: { rule },
      })
    : undefined;
};

/** WeChat's word that the AppSecret is right (stable_token, normal mode: the owner's own token is untouched). */
export const checkAppsecret = (appid: string, appsecret: string) =>
  callWechat<{ access_token: string; expires_in: number }>({
    path: 'cgi-bin/stable_token',
    json: { grant_type: 'client_credential', appid, secret: appsecret, force_refresh: false },
  }).catch((error: unknown) => {
    throw credentialRefusal(error) ?? error;
  });

