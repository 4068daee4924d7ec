import { requireApi, type CapableAccount } from '../../core/capabilities';
import { callWechat, type WechatRequest } from '../http-client';
import { accountTokenRef, tokens } from '../tokens';

/**
 * WeChat calls made as an official account: its access token (authorizer or direct) goes in the
 * query, and a dead token is refreshed once and the call retried once (token store rules). What the
 * account cannot do (its type, verification, a permission set not granted: src/core/capabilities.ts)
 * is refused with 40302 before WeChat is called; callers pass the stored account, so what it knows
 * of itself travels with it.
 */
export const callAsAccount = async <T extends object>(account: CapableAccount, req: WechatRequest): Promise<T> => {
  requireApi(account, req.path);
  return tokens.withToken(accountTokenRef(account), (accessToken) =>
    callWechat<T>({ ...req, query: { ...req.query, access_token: accessToken } }),
  );
};
