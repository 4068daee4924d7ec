import { hash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's signatures: sha1 over the parts sorted as strings and joined, with no separator (URL
 * verification over token/timestamp/nonce, msg_signature adding the Encrypt text). JSSDK signing
 * uses `sha1Hex` over its own canonical `key=value&…` string.
 *
 * crypto.hash (Node >= 20.12) is one call with no Hash object: half the cost of createHash for the
 * short texts signed here, and the callback signs three per message.
 */
export const sha1Hex = (text: string): string => hash('sha1', text, 'hex');

/** The parts in string order, joined (an insertion sort: there are three or four). */
const sortedJoin = (parts: readonly string[]): string => {
  const sorted: string[] = [];
  for (const part of parts) {
    let i = sorted.length;
    while (i > 0 && sorted[i - 1]! > part) i--;
    sorted.splice(i, 0, part);
  }
  let joined = '';
  for (const part of sorted) joined += part;
  return joined;
};

export const sha1Signature = (...parts: string[]): string => sha1Hex(sortedJoin(parts));

/**
 * Whether `signature` (hex, either case) is the sha1 signature of the parts, compared in constant
 * time. The digest stays bytes and the claim is decoded from hex: Node's hex decoder stops at the
 * first character that is not hex, so only a claim of 40 hex characters yields the 20 bytes compared.
 */
export const verifySha1Signature = (signature: string, ...parts: string[]): boolean => {
  if (signature.length !== 40) return false;
  const claimed = Buffer.from(signature, 'hex');
  return claimed.length === 20 && timingSafeEqual(hash('sha1', sortedJoin(parts), 'buffer'), claimed);
};

/** The plain `signature` of URL verification and plaintext pushes: sha1(sort(token, timestamp, nonce)). */
export const verifyUrlSignature = (p: { token: string; timestamp: string; nonce: string; signature: string }): boolean =>
  verifySha1Signature(p.signature, p.token, p.timestamp, p.nonce);
