import { hash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's signatures: sha1 over the parts sorted as strings and joined, with no separator (URL
 * verification over token/timestamp/nonce, msg_signature adding the Encrypt text). JSSDK signing
 * uses `sha1Hex` over its own canonical `key=value&…` string.
 */
// crypto.hash (Node >= 20.12): one call, no Hash object — half the cost of createHash for the
// short texts signed here, and the callback signs three per message.
export const sha1Hex = (text: string): string => hash('sha1', text, 'hex');

export const sha1Signature = (...parts: string[]): string => sha1Hex([...parts].sort().join(''));

/** Constant-time comparison of two hex digests, case-insensitive; false (never a throw) on a length mismatch. */
export const safeEqualHex = (a: string, b: string): boolean => {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The plain `signature` of URL verification and plaintext pushes: sha1(sort(token, timestamp, nonce)). */
export const verifyUrlSignature = (p: { token: string; timestamp: string; nonce: string; signature: string }): boolean =>
  safeEqualHex(sha1Signature(p.token, p.timestamp, p.nonce), p.signature);
