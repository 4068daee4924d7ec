import { useEffect, useState } from 'preact/hooks';
import { apiHeaders, call } from '../api';
import type { Output } from '../contract';
import { Alert, toast } from '../components/Toast';
import { t } from '../i18n';
import { setParams } from '../router';
import type { PageProps } from './types';
import { formerMemberName } from '../../../src/core/audit/former-member';
import { actionOf, areaName } from '../audit-words';

type Entry = Output<'team.audit'>['entries'][number];
type Member = Output<'team.members'>['members'][number];

/** The kinds of change (the route's area) the log is filtered by, in the back office's words. */
const kinds = ['replies', 'menus', 'content', 'materials', 'inbox', 'platform', 'accounts', 'team'] as const;
const filterNames = ['appid', 'userId', 'kind', 'from', 'to'] as const;

/**
 * 操作日志 (under 设置与开发): who changed what, when, on which account, each entry a sentence
 * (../audit-words.ts) with its raw data behind 详情 — newest first, filtered by
 * member, account, kind and dates (all in the URL: reload and back keep them), exported as CSV.
 * Owners and admins only (the API answers 40301 to others).
 */
export const AuditPage = ({ params, profile, organization }: PageProps) => {
  const [page, setPage] = useState<Output<'team.audit'>>();
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<string>();
  const filter = Object.fromEntries(filterNames.map((n) => [n, params.get(n) ?? undefined]).filter(([, v]) => v)) as Record<(typeof filterNames)[number], string | undefined>;
  const next = params.get('next') ?? undefined;
  const query = JSON.stringify([filter, next, organization?.orgId]);

  useEffect(() => {
    setError(undefined);
    call('team.audit', { ...filter, ...(next ? { next } : {}) } as never)
      .then(setPage)
      .catch((e: Error) => setError(e.message));
    call('team.members', {})
      .then(({ members }) => setMembers(members))
      .catch(() => setMembers([]));
  }, [query]);

  const exportCsv = async () => {
    const search = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1]));
    const res = await fetch(`/apis/team/auditExport?${search}`, { headers: { ...apiHeaders(true), accept: 'text/csv' }, credentials: 'omit' });
    if (!res.ok) return toast(((await res.json().catch(() => ({}))) as { msg?: string }).msg ?? `HTTP ${res.status}`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await res.blob());
    link.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'audit.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const set = (name: string, value: string) => setParams({ [name]: value || undefined, next: undefined });
  const accounts = profile?.accounts ?? [];
  return (
    <div class="page">
      <h1>{t('audit.title')}</h1>
      <p class="hint">{t('audit.hint')}</p>
      <section class="card audit-filters">
        <label>
          {t('audit.member')}
          <select value={filter.userId ?? ''} onChange={(e) => set('userId', (e.target as HTMLSelectElement).value)}>
            <option value="">{t('audit.all')}</option>
            {members.map((m) => (
              <option value={m.userId} key={m.userId}>
                {m.username}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.account')}
          <select value={filter.appid ?? ''} onChange={(e) => set('appid', (e.target as HTMLSelectElement).value)}>
            <option value="">{t('audit.all')}</option>
            {accounts.map((a) => (
              <option value={a.appid} key={a.appid}>
                {a.nickname ?? a.appid}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.kind')}
          <select value={filter.kind ?? ''} onChange={(e) => set('kind', (e.target as HTMLSelectElement).value)}>
            <option value="">{t('audit.all')}</option>
            {kinds.map((k) => (
              <option value={k} key={k}>
                {t(`audit.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.from')}
          <input type="date" value={filter.from ?? ''} onChange={(e) => set('from', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" value={filter.to ?? ''} onChange={(e) => set('to', (e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="button button--ghost" onClick={() => void exportCsv()}>
          {t('audit.export')}
        </button>
      </section>
      {error && <Alert kind="error">{error}</Alert>}
      {!page && !error && <p class="loading">{t('common.loading')}</p>}
      {page && (
        <section class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{t('audit.at')}</th>
                <th>{t('audit.kind')}</th>
                <th>{t('audit.what')}</th>
                <th>{t('audit.account')}</th>
                <th>{t('audit.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.length === 0 && (
                <tr>
                  <td class="table__empty" colSpan={5}>
                    {t('audit.empty')}
                  </td>
                </tr>
              )}
              {page.entries.map((e: Entry) => (
                <tr key={e.requestId}>
                  <td data-label={t('audit.at')}>{new Date(e.at).toLocaleString()}</td>
                  <td data-label={t('audit.kind')}>{areaName(e.kind)}</td>
                  <td data-label={t('audit.what')}>
                    <p class="audit__sentence">{t('audit.sentence', { who: e.username === formerMemberName ? t('audit.formerMember') : e.username, action: actionOf(e) })}</p>
                    {/* The raw request and what it wrote, for whoever needs to look closer. */}
                    <details class="audit__details">
                      <summary>{t('audit.details')}</summary>
                      <pre>{JSON.stringify({ route: e.route, input: e.input, changes: e.changes }, null, 2)}</pre>
                    </details>
                  </td>
                  <td data-label={t('audit.account')}>{e.appid ? accounts.find((a) => a.appid === e.appid)?.nickname || e.appid : '—'}</td>
                  <td data-label={t('audit.outcome')}>{t(`audit.outcome.${e.outcome}`)}{e.errcode ? ` (${e.errcode})` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" class="button button--ghost" disabled={!next} onClick={() => setParams({ next: undefined })}>
              {t('audit.newest')}
            </button>
            <button type="button" class="button button--ghost" disabled={!page.next} onClick={() => setParams({ next: page.next })}>
              {t('audit.older')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
};
