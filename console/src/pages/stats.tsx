import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { PageProps } from './types';

/**
 * 数据 › 数据概况. The dashboard and its chart library (uPlot, docs/statistics.md) are a chunk of
 * their own, loaded when this page opens: the first screen of the console does not carry them.
 */
export const StatsPage = (props: PageProps) => {
  const [Dashboard, setDashboard] = useState<FunctionComponent<PageProps>>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./stats-dashboard').then((m) => setDashboard(() => m.StatsDashboard), () => setFailed(true));
  }, []);
  if (Dashboard) return <Dashboard {...props} />;
  return (
    <div class="page">
      <h1>{t('stats.title')}</h1>
      <p class="muted" role="status">{t(failed ? 'stats.loadFailed' : 'stats.loading')}</p>
    </div>
  );
};
