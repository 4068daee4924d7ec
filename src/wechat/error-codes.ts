/** WeChat's error codes that the platform acts on (names after WeChat's own descriptions). */
export const WechatErrorCode = {
  systemBusy: -1,
  ok: 0,
  invalidCredential: 40001,
  invalidAppid: 40013,
  invalidAccessToken: 40014,
  invalidAppsecret: 40125,
  accessTokenExpired: 42001,
  apiQuotaExceeded: 45009,
  /** api_component_token: the component_verify_ticket is older than its 12 hours, or not one WeChat pushed. */
  componentTicketExpired: 61005,
  componentTicketInvalid: 61006,
  /** api_query_auth: an unknown authorization code; one past its 600 s or already used. */
  authCodeInvalid: 61009,
  authCodeExpired: 61010,
  invalidRefreshToken: 61023,
  /** api_authorizer_token: the account no longer authorizes this platform ("component is not authorized by this account"). */
  componentNotAuthorized: 61003,
} as const;

/** Codes that mean "this token is dead": refresh once and retry once. */
export const staleTokenCodes: ReadonlySet<number> = new Set([
  WechatErrorCode.invalidCredential,
  WechatErrorCode.invalidAccessToken,
  WechatErrorCode.accessTokenExpired,
]);

/**
 * WeChat codes the API answers with an errcode of its own (instead of 50200), because the caller
 * can act on them: 45015, a customer-service message with no live quota (or to someone who
 * unfollowed), is the API's 40901; 45047, the quota of the follower's last action used up
 * ("out of response count limit"), is 42910.
 */
export const WechatCustomServiceCode = { outOfWindow: 45015, quotaUsedUp: 45047 } as const;
