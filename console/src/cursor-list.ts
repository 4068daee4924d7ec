import { useEffect, useState } from 'preact/hooks';
import { toast } from './components/Toast';
import { t, type MessageKey } from './i18n';

/**
 * A list the API pages with a cursor (drafts, sends…): the first page on mount and whenever `deps`
 * change, `more()` appends the next page, and `act()` runs a change, says so, and reloads the list.
 * An answer that arrives after the page moved on (another account picked) is dropped.
 */
export interface CursorPage<Item> {
  items: Item[];
  cursor?: string | undefined;
  total?: number | undefined;
}

export const useCursorList = <Item>(load: (cursor?: string) => Promise<CursorPage<Item>>, deps: unknown[]) => {
  const [items, setItems] = useState<Item[]>();
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    load().then(
      (page) => current && (setItems(page.items), setTotal(page.total ?? page.items.length), setCursor(page.cursor)),
      (e: Error) => current && setError(e.message),
    );
    return () => void (current = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);

  const more = () =>
    load(cursor).then(
      (page) => (setItems((before) => [...(before ?? []), ...page.items]), setCursor(page.cursor)),
      (e: Error) => setError(e.message),
    );

  /** Runs a change; on success a toast and the list read again, on failure the error shown above it. */
  const act = async (change: () => Promise<unknown>, done: MessageKey) => {
    try {
      await change();
      toast(t(done));
      setVersion((v) => v + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return { items, total, cursor, error, setError, more, act };
};
