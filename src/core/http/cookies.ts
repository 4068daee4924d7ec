/** Cookie helpers for API Gateway HTTP API (payload v2: cookies arrive and leave as arrays). */

export interface CookieOptions {
  maxAgeSeconds?: number;
  httpOnly?: boolean;
}

/** Secure, SameSite=Lax, Path=/ on every cookie we set (browsers accept Secure on http://localhost). */
export const serializeCookie = (name: string, value: string, options: CookieOptions = {}): string => {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'Secure', 'SameSite=Lax'];
  if (options.httpOnly ?? true) parts.push('HttpOnly');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  return parts.join('; ');
};

export const clearCookie = (name: string): string =>
  `${serializeCookie(name, '', { maxAgeSeconds: 0 })}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;

export const readCookie = (cookies: readonly string[] | undefined, name: string): string | undefined => {
  for (const cookie of cookies ?? []) {
    for (const pair of cookie.split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim() === name) {
        try {
          return decodeURIComponent(pair.slice(eq + 1).trim());
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
};
