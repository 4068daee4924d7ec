import { getAccount, updateAccount } from '../core/data/accounts';
import { onAuthorizedPush } from './linking';
import { saveComponentTicket } from '../wechat/data/component-ticket';
import { deleteTokens, putToken } from '../wechat/data/tokens';
import { logger } from '../core/http/logger';
import { getAuthorizerInfo, queryAuth } from '../wechat/api/component';
import { tokens } from '../wechat/tokens';
import type { WechatXml } from '../wechat/xml';
import { ForbiddenError } from '../core/errors';
import { replayWindowSeconds } from '../wechat/inbound';

/**
 * What WeChat tells the platform on its component event URL, already verified and decrypted.
 * `authorized` alone links nothing: it is WeChat's half of a link, which completes only once the
 * console session that started the authorization is back too (src/accounts/linking.ts). An account
 * its owner unbound here hears nothing more from WeChat until it is bound again.
 */
export const handleComponentEvent = async (componentAppid: string, message: WechatXml): Promise<void> => {
  const infoType = String(message['InfoType'] ?? '');
  // A ticket is kept only while no newer one (by CreateTime) is stored: one from the future would
  // pin itself and refuse every genuine ticket after it.
  const createTime = Number(message['CreateTime'] ?? 0);
  if (createTime > Math.floor(Date.now() / 1000) + replayWindowSeconds) {
    throw new ForbiddenError(`CreateTime: more than ${replayWindowSeconds} s ahead of our clock (a forged or replayed push)`);
  }
  const authorizerAppid = String(message['AuthorizerAppid'] ?? '');
  switch (infoType) {
    case 'component_verify_ticket':
      await saveComponentTicket(componentAppid, String(message['ComponentVerifyTicket'] ?? ''), Number(message['CreateTime'] ?? 0));
      return;
    case 'unauthorized': {
      const account = await getAccount(authorizerAppid);
      if (!account || account.mode !== 'component' || account.status === 'unbound') return;
      // The account stops being served; its rules and data are kept for a re-authorization.
      await updateAccount(authorizerAppid, { status: 'unauthorized' });
      const refs = [
        { kind: 'authorizer', appid: authorizerAppid },
        { kind: 'jsapi', appid: authorizerAppid },
      ] as const;
      await deleteTokens([...refs]);
      for (const ref of refs) tokens.forget(ref);
      return;
    }
    case 'updateauthorized': {
      const account = await getAccount(authorizerAppid);
      if (!account || account.mode !== 'component' || account.status === 'unbound') return;
      // The owner changed the permission sets granted (and the account may have been verified or
      // upgraded to a service account since): what each feature may do is read again.
      const auth = await queryAuth(String(message['AuthorizationCode'] ?? ''));
      const info = await getAuthorizerInfo(authorizerAppid);
      await updateAccount(authorizerAppid, {
        status: 'authorized',
        authorizerRefreshToken: auth.authorizer_refresh_token,
        funcInfo: (auth.func_info ?? []).map((f) => f.funcscope_category.id),
        ...(info.service_type_info ? { serviceType: info.service_type_info.id } : {}),
        ...(info.verify_type_info ? { verifyType: info.verify_type_info.id } : {}),
        ...(info.user_name ? { originalId: info.user_name } : {}),
      });
      await putToken({ kind: 'authorizer', appid: authorizerAppid }, auth.authorizer_access_token, Date.now() + auth.expires_in * 1000);
      return;
    }
    case 'authorized': {
      // WeChat's word (AuthorizationCode, PreAuthCode, AuthorizationCodeExpiredTime: Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html).
      const code = String(message['AuthorizationCode'] ?? '');
      const preAuthCode = String(message['PreAuthCode'] ?? '');
      if (!code || !preAuthCode) return;
      const expiresAt = Number(message['AuthorizationCodeExpiredTime'] ?? 0) || Math.floor(Date.now() / 1000) + 3600;
      await onAuthorizedPush({ code, preAuthCode, appid: authorizerAppid, expiresAt });
      return;
    }
    default:
      logger.info('component push ignored', { infoType });
  }
};
