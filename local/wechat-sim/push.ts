import { randomBytes } from 'node:crypto';
import { sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml, type XmlInputObject } from '../../src/wechat/xml';
import type { SimContext } from './context';
import { deliver } from './follower';

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

/**
 * An event WeChat pushes to an account's own callback URL (a job's outcome: PUBLISHJOBFINISH,
 * MASSSENDJOBFINISH, TEMPLATESENDJOBFINISH), sealed in safe mode with the keys of how the account
 * called (its own, or the platform's), and kept in the area's `pushes` with whether it went.
 */
export const pushAccountEvent = async (
  ctx: SimContext,
  appid: string,
  via: 'own' | 'component',
  message: Record<string, unknown>,
  box: { controls: { dropPushes?: boolean }; pushes: Record<string, unknown>[] },
): Promise<void> => {
  if (box.controls.dropPushes || !ctx.callbackBase) {
    box.pushes.push({ ...message, delivered: false });
    return;
  }
  const account = ctx.state.accounts.get(appid);
  const keys =
    via === 'component'
      ? { token: ctx.component.token, aesKey: ctx.component.aesKey, appid: ctx.component.appid }
      : { token: account?.token ?? '', aesKey: account?.aesKey ?? '', appid };
  const attempts = await deliver({ url: `${ctx.callbackBase}/wxplatform/callback/${appid}`, keys, mode: 'safe', message: message as never, timeoutMs: 5000 });
  box.pushes.push({ ...message, delivered: true, status: attempts.at(-1)?.status });
};
