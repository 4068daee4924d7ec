import { createHmac, randomBytes } from 'node:crypto';

/**
 * The signed hand-off from web OAuth to an account's own H5 page (docs/h5-signature.md is the
 * contract customers code against: change nothing here without a new version there).
 *
 * The canonical string is fixed lines joined by "\n" (no trailing newline), UTF-8:
 *   socialinzen-h5-v1, appid, openid, unionid, nickname, headimgurl, expires, nonce
 * Absent fields are empty lines, so every field keeps its place. The appid is not sent in the
 * redirect: the page supplies the account it serves, so a hand-off meant for another account's page
 * never verifies there (it is signed with another secret, and names another appid).
 */
export const h5SignatureVersion = 'socialinzen-h5-v1';

/** How long a hand-off is valid: long enough for a slow phone network, short enough to be useless when leaked. */
export const h5HandOffSeconds = 300;

export interface H5Identity {
  openid: string;
  unionid?: string;
  nickname?: string;
  headimgurl?: string;
}

export interface H5HandOff extends H5Identity {
  expires: number;
  nonce: string;
  signature: string;
}

/**
 * A line break inside a value would move the fields after it: WeChat nicknames have none in
 * practice, and one that had would arrive as a space rather than make the string ambiguous.
 */
const oneLine = (value: string | undefined): string => (value ?? '').replace(/[\r\n]/g, ' ');

export const canonicalString = (appid: string, handOff: Omit<H5HandOff, 'signature'>): string =>
  [
    h5SignatureVersion,
    appid,
    handOff.openid,
    handOff.unionid ?? '',
    handOff.nickname ?? '',
    handOff.headimgurl ?? '',
    String(handOff.expires),
    handOff.nonce,
  ].join('\n');

/** HMAC-SHA256 keyed by the secret's own characters (as shown in settings), lower-case hex. */
export const h5Signature = (secret: string, canonical: string): string => createHmac('sha256', Buffer.from(secret, 'utf8')).update(canonical, 'utf8').digest('hex');

/** The hand-off for one identity: the clock and the nonce are passed in so test vectors are reproducible. */
export const signHandOff = (
  appid: string,
  secret: string,
  identity: H5Identity,
  nowSeconds: number,
  nonce: string = randomBytes(16).toString('hex'),
): H5HandOff => {
  const fields = {
    openid: identity.openid,
    ...(identity.unionid ? { unionid: identity.unionid } : {}),
    ...(identity.nickname ? { nickname: oneLine(identity.nickname) } : {}),
    ...(identity.headimgurl ? { headimgurl: oneLine(identity.headimgurl) } : {}),
    expires: nowSeconds + h5HandOffSeconds,
    nonce,
  };
  return { ...fields, signature: h5Signature(secret, canonicalString(appid, fields)) };
};

/**
 * The customer's redirect with the hand-off in its query: the parameters set here replace any of
 * the same name the redirect had (openid as before, so pages that read only it keep working).
 */
export const redirectWithHandOff = (redirect: string, handOff: H5HandOff): string => {
  const url = new URL(redirect);
  for (const name of ['openid', 'unionid', 'nickname', 'headimgurl', 'expires', 'nonce', 'signature'] as const) {
    const value = handOff[name];
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, String(value));
  }
  return url.toString();
};

/** A new account secret: 256 random bits as 64 hex characters (easy to paste into any language's config). */
export const newH5Secret = (): string => randomBytes(32).toString('hex');
