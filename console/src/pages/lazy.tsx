import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import type { PageProps } from './types';

/**
 * A page whose code is a chunk of its own, loaded when it is first opened: the first screen of the
 * console (its size test: ≤ 150 KB gzipped) carries only what every visit needs. Until the chunk
 * arrives the page shows its title and 加载中; a chunk that cannot be loaded says so.
 */
export const lazyPage = (title: MessageKey, load: () => Promise<FunctionComponent<PageProps>>): FunctionComponent<PageProps> => {
  let loaded: FunctionComponent<PageProps> | undefined;
  return (props: PageProps) => {
    const [Page, setPage] = useState<FunctionComponent<PageProps> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      load().then(
        (page) => {
          loaded = page;
          setPage(() => page);
        },
        () => setFailed(true),
      );
    }, []);
    if (Page) return <Page {...props} />;
    return (
      <div class="page">
        <h1>{t(title)}</h1>
        <p class="muted" role="status">
          {t(failed ? 'common.pageLoadFailed' : 'common.loading')}
        </p>
      </div>
    );
  };
};
