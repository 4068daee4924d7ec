/** WeChat's errcodes as the simulator answers them (text after WeChat's own errmsg). */
export const SimError = {
  invalidCredential: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' },
  invalidGrantType: { errcode: 40002, errmsg: 'invalid grant_type' },
  invalidAppid: { errcode: 40013, errmsg: 'invalid appid' },
  invalidAccessToken: { errcode: 40014, errmsg: 'invalid access_token' },
  invalidAppsecret: { errcode: 40125, errmsg: 'invalid appsecret' },
  accessTokenExpired: { errcode: 42001, errmsg: 'access_token expired' },
  missingParameter: { errcode: 41001, errmsg: 'access_token missing' },
  expiredTicket: { errcode: 61005, errmsg: 'component ticket is expired' },
  invalidTicket: { errcode: 61006, errmsg: 'component ticket is invalid' },
  invalidComponent: { errcode: 61011, errmsg: 'invalid component' },
  invalidAuthCode: { errcode: 61009, errmsg: 'code is invalid' },
  expiredAuthCode: { errcode: 61010, errmsg: 'code is expired' },
  invalidRefreshToken: { errcode: 61023, errmsg: 'refresh_token is invalid' },
  apiUnauthorized: { errcode: 48001, errmsg: 'api unauthorized' },
  invalidUrl: { errcode: 40066, errmsg: 'invalid url' },
  dailyQuota: { errcode: 45009, errmsg: 'reach max api daily quota limit' },
} as const;

export type SimErrorBody = { errcode: number; errmsg: string };
