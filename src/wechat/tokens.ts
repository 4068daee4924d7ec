import { TokenStore } from './token-store';
import { fetchFreshToken } from './token-sources';

/** The container's token store: every WeChat call that needs a credential goes through it. */
export const tokens: TokenStore = new TokenStore((ref, { stale }) => fetchFreshToken(tokens, ref, stale));

export { accountTokenRef } from './token-sources';
