import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routing: `#/replies?q=hello&page=2`. The page and its filters live in the URL, so reload,
 * back and forward work; a hash needs no rewrite rule on S3/CloudFront or the local server, and the
 * API's own 404s stay the API's.
 */
export interface Location {
  path: string;
  params: URLSearchParams;
}

export const currentLocation = (): Location => {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = hash.split('?', 2);
  return { path, params: new URLSearchParams(query) };
};

export const href = (path: string, params: Record<string, string | number | undefined> = {}): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, String(value));
  const search = query.toString();
  return `#${path}${search ? `?${search}` : ''}`;
};

export const navigate = (path: string, params: Record<string, string | number | undefined> = {}, options: { replace?: boolean } = {}): void => {
  const target = href(path, params);
  if (options.replace) {
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}${target}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
};

/**
 * Unsaved work (an editor with changes): leaving the page, switching the account or the
 * organization, or closing the tab asks first. `message` is the question; undefined = nothing unsaved.
 */
let unsaved: { message: string; path: string; appid: string | null } | undefined;

export const setUnsaved = (message: string | undefined): void => {
  const here = currentLocation();
  unsaved = message === undefined ? undefined : { message, path: here.path, appid: here.params.get('appid') };
};

/** True when there is no unsaved work, or the user agreed to drop it (which clears it). */
export const confirmLeaving = (): boolean => {
  if (!unsaved) return true;
  if (!window.confirm(unsaved.message)) return false;
  unsaved = undefined;
  return true;
};

window.addEventListener('beforeunload', (event) => {
  if (!unsaved) return;
  event.preventDefault();
  // Chromium still wants returnValue set to show its own "leave site?" question.
  event.returnValue = '';
});

/** The current location; re-renders on every change. */
export const useLocation = (): Location => {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    let shown = window.location.hash;
    const update = () => {
      const next = currentLocation();
      // A filter of the same page (same path and account) is no leaving; anything else asks.
      const leaving = unsaved !== undefined && (next.path !== unsaved.path || next.params.get('appid') !== unsaved.appid);
      if (leaving && !confirmLeaving()) {
        history.replaceState(null, '', `${window.location.pathname}${window.location.search}${shown}`);
        return;
      }
      shown = window.location.hash;
      setLocation(next);
    };
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return location;
};

/** One URL parameter as state: setting it updates the URL (replacing the entry), so filters survive a reload. */
export const setParams = (changes: Record<string, string | number | undefined>): void => {
  const { path, params } = currentLocation();
  const next: Record<string, string | undefined> = Object.fromEntries(params);
  for (const [name, value] of Object.entries(changes)) next[name] = value === undefined ? undefined : String(value);
  navigate(path, next, { replace: true });
};
