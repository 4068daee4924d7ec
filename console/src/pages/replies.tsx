import { useEffect, useId, useState } from 'preact/hooks';
import { call } from '../api';
import type { Rule } from '../contract';
import { AutoreplyImport } from '../components/AutoreplyImport';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PagedTable } from '../components/PagedTable';
import { Alert, toast } from '../components/Toast';
import { t } from '../i18n';
import { href, setParams } from '../router';
import { loadAllRules, replyOf, summarize } from '../rules';
import type { PageProps } from './types';

const pageSize = 10;

/** The account's keyword rules: search and page (both in the URL), edit, delete (confirmed). */
export const RepliesPage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const searchId = useId();
  const [rules, setRules] = useState<Rule[]>();
  const [error, setError] = useState<string>();
  const [deleting, setDeleting] = useState<Rule>();
  const query = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;

  // The search runs on the server (listReply's `q`); typing waits for a pause, and an answer for
  // an older text never replaces the newer one's.
  const [version, setVersion] = useState(0);
  const load = () => setVersion((v) => v + 1);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      loadAllRules(appid, query)
        .then((r) => current && setRules(r.sort((a, b) => a.request.localeCompare(b.request))))
        .catch((e: Error) => current && setError(e.message));
    }, query ? 250 : 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [appid, query, version]);
  useEffect(() => setRules(undefined), [appid]);

  const remove = async () => {
    const rule = deleting!;
    setDeleting(undefined);
    try {
      await call('replies.delete', { appid, request: rule.request });
      toast(t('replies.deleted'));
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const shown = rules ?? [];

  return (
    <div class="page">
      <h1>{t('replies.title')}</h1>
      <p class="muted">{t('replies.reserved')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <AutoreplyImport appid={appid} offerWhenEmpty={rules !== undefined && rules.length === 0 && !query} onImported={load} />
      <div class="toolbar">
        <div class="field">
          <label for={searchId}>{t('replies.search')}</label>
          <input id={searchId} type="search" value={query} onInput={(e) => setParams({ q: (e.target as HTMLInputElement).value || undefined, page: undefined })} />
        </div>
        <a class="button button--primary" href={href('/rule', { appid })}>
          {t('replies.add')}
        </a>
      </div>
      {rules === undefined ? (
        <p class="loading">{t('common.loading')}</p>
      ) : (
        <PagedTable
          caption={t('replies.title')}
          rows={shown}
          rowKey={(r) => r.request}
          page={page}
          pageSize={pageSize}
          total={shown.length}
          onPage={(p) => setParams({ page: p })}
          empty={query ? t('replies.noMatch', { q: query }) : t('replies.empty')}
          columns={[
            {
              key: 'keyword',
              label: t('replies.keyword'),
              cell: (r) => (
                <>
                  <code>{r.request}</code>
                  {r.mediaMissing && <span class="badge badge--warning" title={t('replies.mediaMissingHint')}>{t('replies.mediaMissing')}</span>}
                </>
              ),
            },
            { key: 'match', label: t('replies.match'), cell: (r) => t(`match.${r.match}`) },
            { key: 'type', label: t('replies.type'), cell: (r) => t(`type.${r.type}`) },
            { key: 'reply', label: t('replies.summary'), cell: (r) => <span class="clamp">{summarize(replyOf(r))}</span> },
            {
              key: 'actions',
              label: t('common.actions'),
              cell: (r) => (
                <span class="actions">
                  <a class="button button--small button--ghost" href={href('/rule', { appid, keyword: r.request })} aria-label={`${t('common.edit')} ${r.request}`}>
                    {t('common.edit')}
                  </a>
                  <button type="button" class="button button--small button--ghost danger" onClick={() => setDeleting(r)} aria-label={`${t('common.delete')} ${r.request}`}>
                    {t('common.delete')}
                  </button>
                </span>
              ),
            },
          ]}
        />
      )}
      <ConfirmDialog open={Boolean(deleting)} message={t('replies.confirmDelete', { keyword: deleting?.request ?? '' })} onConfirm={remove} onCancel={() => setDeleting(undefined)} />
    </div>
  );
};
