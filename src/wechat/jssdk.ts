import { randomBytes } from 'node:crypto';
import { sha1Hex } from './signature';

/**
 * JSSDK config signature (WeChat JS-SDK, 附录1): sha1 over
 * `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, keys in that (ASCII) order, the url exactly as the
 * page has it (no re-encoding) without its `#fragment`.
 */
export const jsapiSignature = (p: { ticket: string; nonceStr: string; timestamp: number; url: string }): string =>
  sha1Hex(`jsapi_ticket=${p.ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${p.url.split('#')[0]}`);

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const newNonceStr = (length = 16): string =>
  Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
