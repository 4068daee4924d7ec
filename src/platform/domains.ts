import { ForbiddenError, ValidationError } from '../core/errors';
import './rule-texts';

/** Whether a URL's host is one of the account's domains (or a subdomain of one). Pure. */
export const hostAllowed = (url: string, domains: readonly string[]): boolean => {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
    host = parsed.hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
};

export const requireAllowedHost = (field: string, url: string, domains: readonly string[]): void => {
  if (!/^https?:\/\//i.test(url)) throw new ValidationError(`${field}: must be an http(s) URL`, { problem: { field, rule: 'httpUrl' } });
  if (!hostAllowed(url, domains)) throw new ForbiddenError(`${field}: its domain is not one this account allows`, { field, rule: 'domain.notAllowed' });
};
