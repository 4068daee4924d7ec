import { useEffect, useState } from 'preact/hooks';
import { routes } from '../../lib/routes';
import { readSession } from './session';

/**
 * Bytes the console shows (a follower's photo, a material's thumbnail, the user's logo) come
 * through the platform's own routes: WeChat's and S3's URLs are foreign origins the CSP does not
 * let an <img> load, and WeChat's refuse other sites anyway. Fetched with the session in the
 * Authorization header (never in a URL), shown from a blob: URL that is revoked when the input
 * changes or the component goes away; an answer that lands after that is dropped, not shown.
 */
export type BlobState = { kind: 'idle' | 'loading' | 'failed' | 'tooLarge' } | { kind: 'shown'; url: string };

type BinaryRoute = 'inbox.media' | 'materials.image' | 'user.logo';

/** `query` undefined: nothing wanted yet (not scrolled into view, no logo); a new `version` fetches again. */
export const useBlobUrl = (id: BinaryRoute, query: Record<string, string> | undefined, version?: string): BlobState => {
  const [state, setState] = useState<BlobState>({ kind: 'idle' });
  const key = query ? new URLSearchParams(query).toString() : undefined;
  useEffect(() => {
    const session = readSession();
    if (key === undefined || !session) {
      setState({ kind: 'idle' });
      return undefined;
    }
    const abort = new AbortController();
    let objectUrl: string | undefined;
    setState({ kind: 'loading' });
    fetch(key ? `${routes[id].path}?${key}` : routes[id].path, { headers: { authorization: `Bearer ${session.token}` }, credentials: 'omit', signal: abort.signal })
      .then(async (res) => {
        if (res.status === 413) return setState({ kind: 'tooLarge' });
        if (!res.ok || (res.headers.get('content-type') ?? '').startsWith('application/json')) return setState({ kind: 'failed' });
        const blob = await res.blob();
        if (abort.signal.aborted) return undefined;
        objectUrl = URL.createObjectURL(blob);
        return setState({ kind: 'shown', url: objectUrl });
      })
      .catch(() => !abort.signal.aborted && setState({ kind: 'failed' }));
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [id, key, version]);
  return state;
};
