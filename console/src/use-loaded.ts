import { useEffect, useState } from 'preact/hooks';

/**
 * What `load()` answers, read again when `deps` change and only once `wanted` (a read may be a call
 * to WeChat); undefined until it comes. A slow answer for earlier deps never lands after a newer one.
 */
export const useLoaded = <T>(load: () => Promise<T>, deps: readonly unknown[], wanted = true): T | undefined => {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    // Another account's (or filter's) answer is not shown while this one's loads.
    setValue(undefined);
    if (!wanted) return undefined;
    let current = true;
    void load().then((answer) => current && setValue(answer));
    return () => void (current = false);
  }, [...deps, wanted]);
  return value;
};
