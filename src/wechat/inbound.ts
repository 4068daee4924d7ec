import { PayloadTooLargeError, ForbiddenError, ValidationError } from '../core/errors';
import { openMessage } from './crypto';
import { WechatCryptoError, WechatXmlError } from './errors';
import { parseWechatXml, type WechatXml } from './xml';

/**
 * Reading what WeChat pushes to us (component events now, account callbacks later): size limit,
 * safe XML, signature, replay window, decryption — each failure as a client error naming what was
 * wrong, so a forged or broken push gets a 4xx and changes nothing.
 */
export const maxPushBytes = 64 * 1024;
/** WeChat retries within seconds; a timestamp further off than this is a replay or a forgery. */
export const replayWindowSeconds = 5 * 60;

export interface SafeModeParams {
  timestamp: string;
  nonce: string;
  msg_signature: string;
}

export interface Receiver {
  token: string;
  encodingAesKey: string;
  appId: string;
}

export const parsePushXml = (body: Buffer): WechatXml => {
  if (body.length > maxPushBytes) throw new PayloadTooLargeError(`body is larger than ${maxPushBytes} bytes`);
  return parsePushText(body.toString('utf8'));
};

/** The same for text already in hand (a decrypted message): no round trip through a Buffer. */
export const parsePushText = (text: string): WechatXml => {
  try {
    return parseWechatXml(text, { maxBytes: maxPushBytes });
  } catch (error) {
    if (error instanceof WechatXmlError) {
      if (error.reason === 'too_large') throw new PayloadTooLargeError(`body is larger than ${maxPushBytes} bytes`);
      throw new ValidationError(`body: not a WeChat XML message (${error.reason})`, { cause: error });
    }
    throw error;
  }
};

export const checkTimestamp = (timestamp: string, now = Date.now()): void => {
  const seconds = Number(timestamp);
  if (!Number.isSafeInteger(seconds) || Math.abs(now / 1000 - seconds) > replayWindowSeconds) {
    throw new ForbiddenError('timestamp: outside the accepted window (replayed or forged push)');
  }
};

/** Verifies msg_signature over the Encrypt field, decrypts, checks the appid inside, parses. */
export const openSafeModePush = (envelope: WechatXml, params: SafeModeParams, receiver: Receiver): WechatXml =>
  parsePushText(openSafeModeText(envelope, params, receiver));

/** The same, answering the decrypted XML text (parse it once with parsePushText). */
export const openSafeModeText = (envelope: WechatXml, params: SafeModeParams, receiver: Receiver): string => {
  const encrypt = envelope['Encrypt'];
  if (typeof encrypt !== 'string' || encrypt === '') throw new ValidationError('Encrypt: is required');
  checkTimestamp(params.timestamp);
  let plain: string;
  try {
    plain = openMessage({
      encrypt,
      msgSignature: params.msg_signature,
      timestamp: params.timestamp,
      nonce: params.nonce,
      token: receiver.token,
      encodingAesKey: receiver.encodingAesKey,
      appId: receiver.appId,
    });
  } catch (error) {
    if (error instanceof WechatCryptoError) {
      if (error.reason === 'signature') throw new ForbiddenError('msg_signature: does not verify');
      throw new ValidationError(`Encrypt: cannot be decrypted (${error.reason})`, { cause: error });
    }
    throw error;
  }
  return plain;
};
