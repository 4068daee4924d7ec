import { useState } from 'preact/hooks';
import { call } from '../api';
import { t } from '../i18n';

/**
 * 导出: the followers the page shows (its one filter, or all) as a CSV a worker builds (admins
 * only; the API refuses others with 40301). The link it gets lives 15 minutes and the file 24 hours,
 * so the button opens it as soon as it is ready and says how long it stays.
 */
export const ExportButton = ({ appid, question }: { appid: string; question: Record<string, string | number> }) => {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'working' } | { kind: 'ready'; url: string; rows: number } | { kind: 'failed'; text: string }>({ kind: 'idle' });
  const start = async () => {
    setState({ kind: 'working' });
    try {
      const { exportId } = await call('audience.export', { appid, ...question });
      for (let wait = 500; ; wait = Math.min(wait * 1.5, 3000)) {
        const { export: job } = await call('audience.exportStatus', { appid, exportId });
        if (job.state === 'done' && job.url) return setState({ kind: 'ready', url: job.url, rows: job.rows });
        if (job.state === 'failed') return setState({ kind: 'failed', text: t('directory.exportFailed') });
        await new Promise((r) => setTimeout(r, wait));
      }
    } catch (e) {
      setState({ kind: 'failed', text: (e as Error).message });
    }
  };
  return (
    <div class="directory__export">
      <button type="button" class="button button--small button--ghost" disabled={state.kind === 'working'} onClick={() => void start()}>
        {state.kind === 'working' ? t('directory.exporting') : t('directory.export')}
      </button>
      {state.kind === 'ready' && (
        <span class="small">
          <a href={state.url} download>
            {t('directory.exportReady', { rows: state.rows })}
          </a>{' '}
          <span class="muted">{t('directory.exportKept')}</span>
        </span>
      )}
      {state.kind === 'failed' && (
        <span class="small field__error" role="alert">
          {state.text}
        </span>
      )}
    </div>
  );
};
