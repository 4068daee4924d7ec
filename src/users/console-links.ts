import { config } from '../core/config';

/**
 * A mailed link: a console page (`<console>#/reset?token=…`) that calls the API and says what
 * happened, so a reader never lands on JSON. The token rides in the hash, which browsers never send
 * to a server (it stays out of access logs and Referer headers).
 */
export const consoleLink = (page: '/verify' | '/reset' | '/confirm-email' | '/revert-email', token: string): string =>
  `${config.consoleUrl.replace(/#.*$/, '')}#${page}?token=${encodeURIComponent(token)}`;
