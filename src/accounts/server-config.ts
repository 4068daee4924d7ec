import { updateAccount, type Account } from '../core/data/accounts';
import { ValidationError } from '../core/errors';

/**
 * A direct binding's server configuration (服务器配置 in 公众平台 → 设置与开发 → 基本配置): the
 * token, the EncodingAESKey and the message mode (明文模式 / 兼容模式 / 安全模式), changed here first
 * and then in WeChat's back office. WeChat checks the URL with the new token when the owner submits
 * there, so this platform must know it before; and until then WeChat still signs (and seals) with
 * the old one, so the old configuration stays accepted for `transitionHours`: no push is lost
 * whichever moment the owner submits in between.
 */
export const transitionHours = 24;

export type EncryptMode = 'plain' | 'compatible' | 'safe';

export interface ServerConfigChange {
  token: string;
  encodingAESKey?: string | undefined;
  encryptMode: EncryptMode;
}

export const changeServerConfig = async (account: Account, change: ServerConfigChange, now = new Date()) => {
  if (account.mode !== 'direct') {
    throw new ValidationError("token: an authorized account's pushes use the platform's own token and key; nothing to change here", {
      problem: { field: 'token', rule: 'serverConfig.directOnly' },
    });
  }
  const encodingAesKey = change.encodingAESKey ?? account.encodingAesKey;
  // 兼容模式 and 安全模式 seal messages with the EncodingAESKey: without one nothing could be opened.
  if (change.encryptMode !== 'plain' && !encodingAesKey) {
    throw new ValidationError(`encodingAESKey: is required in ${change.encryptMode} mode`, {
      problem: { field: 'encodingAESKey', rule: 'serverConfig.keyForMode', given: change.encryptMode },
    });
  }
  const stored = await updateAccount(account.appid, {
    callbackToken: change.token,
    ...(encodingAesKey ? { encodingAesKey } : {}),
    encryptMode: change.encryptMode,
    previousCallbackToken: account.callbackToken,
    ...(account.encodingAesKey ? { previousEncodingAesKey: account.encodingAesKey } : {}),
    previousEncryptMode: account.encryptMode ?? (account.encodingAesKey ? 'compatible' : 'plain'),
    previousCallbackUntil: new Date(now.getTime() + transitionHours * 3600_000).toISOString(),
  });
  return {
    appid: stored.appid,
    encryptMode: change.encryptMode,
    encrypted: Boolean(stored.encodingAesKey),
    previousAcceptedUntil: stored.previousCallbackUntil!,
  };
};
