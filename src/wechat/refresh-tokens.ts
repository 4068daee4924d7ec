import { getAccount, updateAccount } from '../core/data/accounts';
import { deleteTokens, listTokensExpiringBefore, type TokenRef } from './data/tokens';
import { WechatApiError } from './api-error';
import { logger } from '../core/http/logger';
import { WechatErrorCode } from './error-codes';
import { tokens } from './tokens';
import { getAuthorizerInfo } from './api/component';

export interface RefreshReport {
  refreshed: TokenRef[];
  skipped: TokenRef[];
  failed: (TokenRef & { errcode: number; errmsg: string })[];
}

/** Tokens of unauthorized accounts are not refreshed (WeChat would refuse them anyway). */
const belongsToLiveAccount = async (ref: TokenRef): Promise<boolean> => {
  if (ref.kind === 'component') return true;
  const account = await getAccount(ref.appid);
  return account?.status === 'authorized';
};

/**
 * The scheduled refresher: every token or ticket that expires within `windowMs` is refreshed
 * through the token store (so it takes the same lease as request-time refreshes). One account's
 * failure is recorded on that account and does not stop the others.
 */
export const refreshExpiringTokens = async (windowMs = 15 * 60_000, now = Date.now()): Promise<RefreshReport> => {
  const report: RefreshReport = { refreshed: [], skipped: [], failed: [] };
  const refs = await listTokensExpiringBefore(now + windowMs);
  // The component token first: authorizer refreshes need it.
  refs.sort((a, b) => Number(b.kind === 'component') - Number(a.kind === 'component'));
  for (const ref of refs) {
    try {
      if (!(await belongsToLiveAccount(ref))) {
        report.skipped.push(ref);
        continue;
      }
      if (await tokens.refreshIfExpiring(ref, windowMs)) report.refreshed.push(ref);
      else report.skipped.push(ref);
      if (ref.kind !== 'component') await clearRefreshError(ref.appid);
      if (ref.kind === 'authorizer') await learnOriginalId(ref.appid);
    } catch (error) {
      const errcode = error instanceof WechatApiError ? error.wxerrcode : WechatErrorCode.systemBusy;
      const errmsg = error instanceof Error ? error.message : String(error);
      report.failed.push({ ...ref, errcode, errmsg });
      logger.warn('token refresh failed', { ref, errcode, errmsg });
      if (ref.kind !== 'component') await recordRefreshError(ref, errcode, errmsg);
    }
  }
  return report;
};

/**
 * A component account authorized before the callback checked ToUserName has no original ID: asked
 * of WeChat once, on its next refresh (every account's token is refreshed within two hours), so
 * the callback binds its pushes from then on. A failure waits for the next run.
 */
const learnOriginalId = async (appid: string) => {
  const account = await getAccount(appid);
  if (!account || account.mode !== 'component' || account.originalId) return;
  try {
    const info = await getAuthorizerInfo(appid);
    if (info.user_name) await updateAccount(appid, { originalId: info.user_name }, { expression: 'attribute_not_exists(originalId)' });
  } catch (error) {
    logger.warn('original ID not learned', { appid, error });
  }
};

const clearRefreshError = async (appid: string) => {
  const account = await getAccount(appid);
  if (account?.refreshError) await updateAccount(appid, { refreshError: { errcode: 0, errmsg: 'ok', at: new Date().toISOString() } });
};

const recordRefreshError = async (ref: TokenRef, errcode: number, errmsg: string) => {
  const account = await getAccount(ref.appid);
  if (!account) return;
  await updateAccount(ref.appid, { refreshError: { errcode, errmsg, at: new Date().toISOString() } });
  // A revoked refresh token will not come back: stop retrying it every few minutes.
  if (errcode === WechatErrorCode.invalidRefreshToken) {
    await deleteTokens([
      { kind: 'authorizer', appid: ref.appid },
      { kind: 'jsapi', appid: ref.appid },
    ]);
  }
};
