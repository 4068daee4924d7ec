/**
 * The session credential, kept in ONE place: localStorage (so a reload keeps the user logged in),
 * sent only in the `Authorization` header by api.ts, never put in a URL.
 */
export interface Session {
  token: string;
  username: string;
  /** epoch ms */
  expiresAt: number;
}

const key = 'socialinzen.session';

export const readSession = (): Session | undefined => {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as Session | null;
    if (!value || typeof value.token !== 'string' || typeof value.expiresAt !== 'number') return undefined;
    return value.expiresAt > Date.now() ? value : undefined;
  } catch {
    return undefined;
  }
};

export const saveSession = (session: Session): void => localStorage.setItem(key, JSON.stringify(session));

export const clearSession = (): void => {
  localStorage.removeItem(key);
  localStorage.removeItem(orgKey);
};

/** The organization the console works in (sent as `X-Org`): the one picked last in the header's switcher. */
const orgKey = 'socialinzen.org';

export const readOrg = (): string | undefined => localStorage.getItem(orgKey) ?? undefined;

export const saveOrg = (orgId: string | undefined): void => (orgId ? localStorage.setItem(orgKey, orgId) : localStorage.removeItem(orgKey));
