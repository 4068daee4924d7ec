import { randomBytes } from 'node:crypto';
import { sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml, type XmlInputObject } from '../../src/wechat/xml';

/**
 * Pushes as WeChat sends them to a third-party platform's component event URL: safe mode, the
 * query carrying timestamp, nonce, signature, encrypt_type=aes and msg_signature, the body
 * `<xml><AppId/><Encrypt/></xml>`.
 */
export interface PushTarget {
  url: string;
  token: string;
  aesKey: string;
  appid: string;
}

export const pushComponentEvent = async (
  target: PushTarget,
  message: XmlInputObject,
  nowSeconds: number,
): Promise<{ status: number; body: string }> => {
  const timestamp = String(nowSeconds);
  const nonce = String(randomBytes(4).readUInt32BE());
  const sealed = sealMessage({
    xml: buildWechatXml(message),
    token: target.token,
    encodingAesKey: target.aesKey,
    appId: target.appid,
    timestamp,
    nonce,
  });
  const url = new URL(target.url);
  url.searchParams.set('signature', sha1Signature(target.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('encrypt_type', 'aes');
  url.searchParams.set('msg_signature', sealed.msgSignature);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: buildWechatXml({ AppId: target.appid, Encrypt: sealed.encrypt }),
      signal: AbortSignal.timeout(5000),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: (error as Error).message };
  }
};
