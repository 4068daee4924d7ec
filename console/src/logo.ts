import { useEffect, useState } from 'preact/hooks';
import { routes } from '../../lib/routes';
import { readSession } from './session';

/**
 * The user's logo as a blob URL. `me` answers a presigned S3 URL, a foreign origin the CSP does
 * not let an <img> load; so the console fetches GET /apis/user/logo (our origin) with the session
 * in the Authorization header and shows the bytes. `version` (me's logoUrl) changes with a new logo.
 */
export const useLogo = (version: string | undefined): string | undefined => {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const session = readSession();
    if (!version || !session) return setUrl(undefined);
    let objectUrl: string | undefined;
    const abort = new AbortController();
    fetch(routes['user.logo'].path, { headers: { authorization: `Bearer ${session.token}` }, credentials: 'omit', signal: abort.signal })
      .then(async (res) => {
        if (!res.ok) return;
        objectUrl = URL.createObjectURL(await res.blob());
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [version]);
  return url;
};
