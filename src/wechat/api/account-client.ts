import type { Account } from '../../core/data/accounts';
import { callWechat, type WechatRequest } from '../http-client';
import { accountTokenRef, tokens } from '../tokens';

/**
 * WeChat calls made as an official account: its access token (authorizer or direct) goes in the
 * query, and a dead token is refreshed once and the call retried once (token store rules).
 */
export const callAsAccount = <T extends object>(account: Pick<Account, 'appid' | 'mode'>, req: WechatRequest): Promise<T> =>
  tokens.withToken(accountTokenRef(account), (accessToken) =>
    callWechat<T>({ ...req, query: { ...req.query, access_token: accessToken } }),
  );
