import type { Account } from '../../core/data/accounts';
import { fetchWechatBytes } from '../http-client';
import { accountTokenRef, tokens } from '../tokens';

/** Temporary media (cgi-bin/media/get): what followers sent, kept by WeChat for 3 days. */
export const downloadTempMedia = (account: Pick<Account, 'appid' | 'mode'>, mediaId: string, maxBytes: number) =>
  tokens.withToken(accountTokenRef(account), (accessToken) =>
    fetchWechatBytes({ path: 'cgi-bin/media/get', query: { access_token: accessToken, media_id: mediaId } }, maxBytes),
  );
