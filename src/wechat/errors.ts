/** Failures of WeChat's message crypto and XML, each with a reason a caller can act on. */
export type CryptoFailure = 'signature' | 'appid' | 'padding' | 'base64' | 'length' | 'key';
export type XmlFailure = 'doctype' | 'too_large' | 'malformed' | 'root';

export class WechatCryptoError extends Error {
  override name = 'WechatCryptoError';
  constructor(
    readonly reason: CryptoFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class WechatXmlError extends Error {
  override name = 'WechatXmlError';
  constructor(
    readonly reason: XmlFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
