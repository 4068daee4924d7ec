import { randomBytes } from 'node:crypto';
import { openMessage, sealMessage } from '../../src/wechat/crypto';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml, parseWechatXml, type WechatXml, type XmlInputObject } from '../../src/wechat/xml';

/**
 * The simulator acting as WeChat delivering a follower's message to an account's callback URL:
 * plaintext, compatible (both) or safe (encrypted) mode, signed as WeChat signs, retried like
 * WeChat retries (after a 5 s timeout, three deliveries at most), the answer decrypted and checked.
 */
export type DeliveryMode = 'plain' | 'compat' | 'safe';

export interface Keys {
  token: string;
  aesKey: string;
  /** The appid inside encrypted messages (the component's in component mode). */
  appid: string;
}

export interface Delivery {
  url: string;
  keys: Keys;
  mode: DeliveryMode;
  message: XmlInputObject;
  /** Deliver the same bytes this many times whatever the answers (to test de-duplication). */
  repeat?: number;
  timeoutMs: number;
}

export interface Attempt {
  status: number;
  body: string;
  /**
   * The reply as the follower sees it (decrypted in safe mode), or null for an empty / `success`
   * answer. WeChat keeps only the first article of a news reply to a follower's message (since
   * 2018; up to 8 for events), so that is all the follower sees.
   */
  reply: WechatXml | null;
  /** The reply as the callback sent it, before WeChat dropped anything. */
  sent?: WechatXml | null;
  /** In safe mode: whether the reply's msg_signature verified. */
  signatureValid?: boolean;
  error?: string;
}

/** What WeChat delivers of a passive reply: one news article when answering a message. */
export const asDelivered = (reply: WechatXml, message: XmlInputObject): WechatXml => {
  const articles = reply['Articles'];
  if (message['MsgType'] === 'event' || reply['MsgType'] !== 'news' || typeof articles !== 'object' || Array.isArray(articles)) return reply;
  const items = articles['item'];
  if (!Array.isArray(items) || items.length <= 1) return reply;
  return { ...reply, ArticleCount: '1', Articles: { item: items.slice(0, 1) } };
};

const readReply = (body: string, mode: DeliveryMode, keys: Keys, message: XmlInputObject): Pick<Attempt, 'reply' | 'sent' | 'signatureValid'> => {
  const seen = (sent: WechatXml) => ({ reply: asDelivered(sent, message), sent });
  if (body === '' || body === 'success') return { reply: null };
  const xml = parseWechatXml(body);
  if (mode === 'plain') return seen(xml);
  const field = (name: string) => (typeof xml[name] === 'string' ? (xml[name] as string) : '');
  try {
    const plain = openMessage({
      encrypt: field('Encrypt'),
      msgSignature: field('MsgSignature'),
      timestamp: field('TimeStamp'),
      nonce: field('Nonce'),
      token: keys.token,
      encodingAesKey: keys.aesKey,
      appId: keys.appid,
    });
    return { ...seen(parseWechatXml(plain)), signatureValid: true };
  } catch {
    return { reply: null, signatureValid: false };
  }
};

export const deliver = async (delivery: Delivery): Promise<Attempt[]> => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const plainXml = buildWechatXml(delivery.message);
  const url = new URL(delivery.url);
  url.searchParams.set('signature', sha1Signature(delivery.keys.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('openid', String(delivery.message['FromUserName'] ?? ''));
  let body = plainXml;
  if (delivery.mode !== 'plain') {
    const sealed = sealMessage({
      xml: plainXml,
      token: delivery.keys.token,
      encodingAesKey: delivery.keys.aesKey,
      appId: delivery.keys.appid,
      timestamp,
      nonce,
    });
    url.searchParams.set('encrypt_type', 'aes');
    url.searchParams.set('msg_signature', sealed.msgSignature);
    body =
      delivery.mode === 'safe'
        ? buildWechatXml({ ToUserName: String(delivery.message['ToUserName'] ?? ''), Encrypt: sealed.encrypt })
        : buildWechatXml({ ...delivery.message, Encrypt: sealed.encrypt });
  }
  const attempts: Attempt[] = [];
  // WeChat delivers again when an answer does not come within 5 s (or fails), three times at most.
  const maxAttempts = delivery.repeat ?? 3;
  for (let i = 0; i < maxAttempts; i++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body,
        signal: AbortSignal.timeout(delivery.timeoutMs),
      });
      const text = await response.text();
      attempts.push({ status: response.status, body: text, ...(response.ok ? readReply(text, delivery.mode, delivery.keys, delivery.message) : { reply: null }) });
      if (delivery.repeat === undefined && response.status < 500) break;
    } catch (error) {
      attempts.push({ status: 0, body: '', reply: null, error: (error as Error).message });
    }
  }
  return attempts;
};
