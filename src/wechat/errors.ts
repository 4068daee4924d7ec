/**
 * Failures reading or writing WeChat's message format (the safe-mode crypto envelope and the XML),
 * each with a `reason` a caller can act on: the edge answers 403 for 'signature', 413 for
 * 'too_large', 400 for the rest (see `inbound.ts`).
 */
export type CryptoFailure = 'signature' | 'appid' | 'padding' | 'base64' | 'length' | 'key';
export type XmlFailure = 'doctype' | 'too_large' | 'malformed' | 'root';

export abstract class WechatMessageError<Reason extends string = string> extends Error {
  override name = 'WechatMessageError';
  constructor(
    readonly reason: Reason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class WechatCryptoError extends WechatMessageError<CryptoFailure> {
  override name = 'WechatCryptoError';
}

export class WechatXmlError extends WechatMessageError<XmlFailure> {
  override name = 'WechatXmlError';
}
