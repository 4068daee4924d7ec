import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { changeMany, dayToEpoch, sceneName, tagName, type BulkKind, type BulkResult } from '../audience';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FollowersInput } from '../../../src/audience/inputs';
import { Field } from '../components/Field';
import { Alert } from '../components/Toast';
import type { Group, Output } from '../contract';
import { schemaErrors } from '../form';
import { t } from '../i18n';
import { beijingTime } from '../publishing';
import { href, navigate } from '../router';
import { ExportButton } from './followers-export';
import { FollowerSync } from './followers-sync';
import type { PageProps } from './types';

/**
 * 用户管理: the follower directory (our table, not WeChat's tag API), as WeChat's back office
 * shows it: the total and 未分组 from the directory's counters, one filter at a time (a tag, a QR
 * scene, a remark prefix or a follow-time range, each a key of the directory) kept in the URL,
 * cursor paging, many followers tagged or blacklisted at once, and the blacklist.
 */
type Answer = Output<'audience.followers'>;
type Row = Answer['followers'][number];

const filterNames = ['tagId', 'scene', 'remarkPrefix', 'from', 'to'] as const;
type Filters = Record<(typeof filterNames)[number], string>;
const pageSize = 20;

const filtersOf = (params: URLSearchParams): Filters => Object.fromEntries(filterNames.map((n) => [n, params.get(n) ?? ''])) as Filters;

const question = (f: Filters) => ({
  ...(f.tagId ? { tagId: Number(f.tagId) } : {}),
  ...(f.scene ? { scene: f.scene } : {}),
  ...(f.remarkPrefix ? { remarkPrefix: f.remarkPrefix } : {}),
  ...(f.from ? { from: dayToEpoch(f.from) } : {}),
  ...(f.to ? { to: dayToEpoch(f.to, true) } : {}),
});

export const FollowersPage = ({ account, params, organization }: PageProps) => {
  const appid = account!.appid;
  const blacklist = params.get('view') === 'blacklist';
  const [groups, setGroups] = useState<Group[]>();
  const [synced, setSynced] = useState(0);
  useEffect(() => {
    call('groups.list', { appid }).then(
      (r) => setGroups(r.groups.filter((g) => g.id > 1)),
      () => setGroups([]),
    );
  }, [appid]);
  const tabs = [
    { label: t('directory.all'), to: href('/followers', { appid }), current: !blacklist },
    { label: t('directory.blacklist'), to: href('/followers', { appid, view: 'blacklist' }), current: blacklist },
  ];
  return (
    <div class="page">
      <h1>{t('followers.title')}</h1>
      <FollowerSync
        appid={appid}
        mayClearQuota={organization?.role === 'owner' || organization?.role === 'admin'}
        onFinished={() => setSynced((n) => n + 1)}
      />
      <nav class="tabs" aria-label={t('followers.title')}>
        {tabs.map((tab) => (
          <a href={tab.to} aria-current={tab.current ? 'page' : undefined} key={tab.to}>
            {tab.label}
          </a>
        ))}
      </nav>
      {blacklist ? <Blacklist appid={appid} /> : <Directory appid={appid} params={params} groups={groups} synced={synced} mayExport={organization?.role === 'owner' || organization?.role === 'admin'} />}
    </div>
  );
};

const Directory = ({ appid, params, groups, synced, mayExport }: { appid: string; params: URLSearchParams; groups: Group[] | undefined; synced: number; mayExport: boolean }) => {
  const applied = filtersOf(params);
  const key = JSON.stringify(applied);
  const [form, setForm] = useState(applied);
  const [answer, setAnswer] = useState<Answer>();
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<{ field?: string; text: string }>();
  const [version, setVersion] = useState(0);
  const [more, setMore] = useState(false);

  const load = async (cursor?: string) => {
    try {
      const next = await call('audience.followers', { appid, limit: pageSize, ...question(applied), ...(cursor ? { cursor } : {}) });
      setAnswer(next);
      setRows((before) => (cursor ? [...before, ...next.followers] : next.followers));
      setError(undefined);
    } catch (e) {
      const field = e instanceof ApiError && e.field && (filterNames as readonly string[]).includes(e.field) ? e.field : undefined;
      setError({ ...(field ? { field } : {}), text: field ? (e as ApiError).detail : (e as Error).message });
      if (!cursor) setRows([]);
    }
  };
  useEffect(() => {
    setForm(applied);
    setAnswer(undefined);
  }, [appid, key]);
  // After a change the rows are reloaded in place: the change's result stays on screen.
  useEffect(() => void load(), [appid, key, version, synced]);

  const apply = (e: Event) => {
    e.preventDefault();
    // The handler's own schema: two filters at once are refused here, beside the field, in the API's words.
    const refused = schemaErrors(FollowersInput, { appid, ...question(form) });
    const field = refused && filterNames.find((n) => refused[n]);
    if (field) return setError({ field, text: refused[field]! });
    // A new history entry per question: back and forward step through the filters.
    navigate('/followers', { appid, ...form });
  };
  const filtered = filterNames.some((n) => applied[n]);
  const counts = answer?.counts;
  const field = (name: keyof Filters) => ({ name, value: form[name], onValue: (v: string) => setForm({ ...form, [name]: v }), error: error?.field === name ? error.text : undefined });
  return (
    <section class="card" aria-labelledby="directory-heading">
      <h2 id="directory-heading" class="directory__summary">
        {counts ? t('directory.total', { total: counts.total }) : t('common.loading')}
        {counts && <span class="muted small"> · {t('directory.untagged', { count: counts.untagged })}</span>}
      </h2>
      {mayExport && counts && counts.total > 0 && <ExportButton appid={appid} question={question(applied)} key={key} />}
      <form class="toolbar directory__filters" onSubmit={apply} aria-label={t('directory.filters')} noValidate>
        {/* Mounted afresh once the options arrive: a select keeps the URL's value only among its options. */}
        <Field kind="select" label={t('directory.tag')} {...field('tagId')} key={groups ? 'tags' : 'loading'}>
          <option value="">{t('directory.anyTag')}</option>
          {groups?.map((g) => (
            <option value={String(g.id)} key={g.id}>
              {tagName(g.id, groups)} ({counts?.tags[g.id] ?? 0})
            </option>
          ))}
        </Field>
        <Field kind="select" label={t('directory.scene')} {...field('scene')} key={counts ? 'scenes' : 'loading'}>
          <option value="">{t('directory.anyScene')}</option>
          {Object.entries(counts?.scenes ?? {}).map(([scene, n]) => (
            <option value={scene} key={scene}>
              {scene} ({n})
            </option>
          ))}
        </Field>
        <Field label={t('directory.remarkPrefix')} type="search" {...field('remarkPrefix')} />
        <Field label={t('directory.from')} type="date" {...field('from')} />
        <Field label={t('directory.to')} type="date" {...field('to')} />
        <div class="actions">
          <button type="submit" class="button button--primary">
            {t('directory.apply')}
          </button>
          {filtered && (
            <a class="button button--ghost" href={href('/followers', { appid })}>
              {t('directory.clear')}
            </a>
          )}
        </div>
      </form>
      <p class="muted small">{t('directory.oneAtATime')}</p>
      {error && !error.field && <Alert kind="error">{error.text}</Alert>}
      {answer && filtered && <p class="directory__matching">{answer.total !== undefined ? t('directory.matching', { count: answer.total }) : t('directory.shown', { count: rows.length })}</p>}
      {!answer && !error && <p class="loading">{t('common.loading')}</p>}
      {answer && (
        <Selectable
          appid={appid}
          rows={rows}
          groups={groups}
          empty={filtered ? t('directory.empty') : t('directory.emptyAll')}
          onChanged={() => setVersion((v) => v + 1)}
        />
      )}
      {answer?.cursor && (
        <nav class="pager" aria-label={t('directory.more')}>
          <span />
          <button
            type="button"
            class="button button--ghost"
            disabled={more}
            onClick={() => {
              setMore(true);
              void load(answer.cursor).finally(() => setMore(false));
            }}
          >
            {t('directory.more')}
          </button>
          <span />
        </nav>
      )}
    </section>
  );
};

/** Rows with checkboxes, "select all on this page", and the changes to many with their confirmation and result. */
const Selectable = (props: { appid: string; rows: Row[]; groups: Group[] | undefined; empty: string; onChanged: () => void; blacklist?: boolean }) => {
  const { appid, rows, groups } = props;
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [tagId, setTagId] = useState('');
  const [asking, setAsking] = useState<BulkKind>();
  const [result, setResult] = useState<{ kind: BulkKind; tag: string } & BulkResult>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setPicked((p) => new Set([...p].filter((o) => rows.some((r) => r.openid === o)))), [rows]);

  const all = rows.length > 0 && rows.every((r) => picked.has(r.openid));
  const toggle = (openid: string) => setPicked((p) => (p.has(openid) ? new Set([...p].filter((o) => o !== openid)) : new Set([...p, openid])));
  const tag = tagName(Number(tagId), groups);
  const words = (kind: BulkKind) => ({ tag: { confirm: 'directory.confirmTag', did: 'directory.didTag' }, untag: { confirm: 'directory.confirmUntag', did: 'directory.didUntag' }, block: { confirm: 'directory.confirmBlock', did: 'directory.didBlock' }, unblock: { confirm: 'directory.confirmUnblock', did: 'directory.didUnblock' } })[kind];
  const run = async () => {
    const kind = asking!;
    setAsking(undefined);
    setBusy(true);
    const outcome = await changeMany(appid, kind, [...picked], Number(tagId));
    setBusy(false);
    setResult({ kind, tag, ...outcome });
    setPicked(new Set(outcome.failed?.openids ?? []));
    props.onChanged();
  };
  const ask = (kind: BulkKind) => () => (setResult(undefined), setAsking(kind));
  return (
    <>
      {result && (
        <div class="directory__result" data-testid="bulk-result">
          {result.done > 0 && <Alert kind="success">{t(words(result.kind).did as 'directory.didTag', { count: result.done, tag: result.tag })}</Alert>}
          {result.failed && (
            <Alert kind="error">
              {t('directory.failed', { count: result.failed.openids.length, reason: result.failed.reason })}
              <details>
                <summary>{t('directory.failedList')}</summary>
                <ul class="small">
                  {result.failed.openids.map((o) => (
                    <li key={o}>
                      <code>{o}</code>
                    </li>
                  ))}
                </ul>
              </details>
            </Alert>
          )}
        </div>
      )}
      {picked.size > 0 && (
        <div class="bulk-bar" role="group" aria-label={t('directory.selected', { count: picked.size })}>
          <strong>{t('directory.selected', { count: picked.size })}</strong>
          {props.blacklist ? (
            <button type="button" class="button button--primary button--small" disabled={busy} onClick={ask('unblock')}>
              {t('directory.doUnblock')}
            </button>
          ) : (
            <>
              <Field kind="select" label={t('directory.tagTo')} name="bulkTag" value={tagId} onValue={setTagId}>
                <option value="" />
                {groups?.map((g) => (
                  <option value={String(g.id)} key={g.id}>
                    {tagName(g.id, groups)}
                  </option>
                ))}
              </Field>
              <button type="button" class="button button--primary button--small" disabled={busy || !tagId} onClick={ask('tag')}>
                {t('directory.doTag')}
              </button>
              <button type="button" class="button button--ghost button--small" disabled={busy || !tagId} onClick={ask('untag')}>
                {t('directory.doUntag')}
              </button>
              <button type="button" class="button button--ghost button--small danger" disabled={busy} onClick={ask('block')}>
                {t('directory.doBlock')}
              </button>
            </>
          )}
          <button type="button" class="button button--link button--small" onClick={() => setPicked(new Set())}>
            {t('directory.unselect')}
          </button>
        </div>
      )}
      <div class="table-wrap">
        <table class="table directory">
          <thead>
            <tr>
              <th scope="col" class="directory__pick">
                <label>
                  <input type="checkbox" checked={all} disabled={!rows.length} onChange={() => setPicked(all ? new Set() : new Set(rows.map((r) => r.openid)))} />
                  <span class="visually-hidden">{t('directory.pickPage')}</span>
                </label>
              </th>
              <th scope="col">{t('directory.follower')}</th>
              {!props.blacklist && (
                <>
                  <th scope="col">{t('follower.tags')}</th>
                  <th scope="col">{t('follower.subscribeTime')}</th>
                  <th scope="col">{t('follower.scene')}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} class="table__empty">
                  {props.empty}
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.openid} class={picked.has(r.openid) ? 'directory__row--picked' : undefined}>
                <td class="directory__pick">
                  <label>
                    <input type="checkbox" checked={picked.has(r.openid)} onChange={() => toggle(r.openid)} />
                    <span class="visually-hidden">{t('directory.pick', { openid: r.openid })}</span>
                  </label>
                </td>
                <td class="directory__who">
                  <a href={href('/follower', { appid, openid: r.openid })}>{r.remark || <span class="muted">{t('directory.noRemark')}</span>}</a>
                  {r.blocked && <span class="badge badge--warning">{t('directory.blocked')}</span>}
                  <code class="directory__openid">{r.openid}</code>
                </td>
                {!props.blacklist && (
                  <>
                    <td class="directory__tags" data-label={t('follower.tags')}>
                      {r.tags.length ? r.tags.map((id) => tagName(id, groups)).join(t('followers.tagSeparator')) : <span class="muted">{t('followers.ungrouped')}</span>}
                    </td>
                    <td class="directory__time" data-label={t('follower.subscribeTime')}>
                      {r.subscribeTime ? beijingTime(r.subscribeTime * 1000) : '—'}
                    </td>
                    <td class="directory__scene" data-label={t('follower.scene')}>
                      {sceneName(r.subscribeScene)}
                      {r.qrScene && (
                        <>
                          {' '}
                          <code>{r.qrScene}</code>
                        </>
                      )}
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={asking !== undefined}
        message={asking ? t(words(asking).confirm as 'directory.confirmTag', { count: picked.size, tag }) : ''}
        confirmLabel={asking ? t(({ tag: 'directory.doTag', untag: 'directory.doUntag', block: 'directory.doBlock', unblock: 'directory.doUnblock' } as const)[asking]) : ''}
        onConfirm={() => void run()}
        onCancel={() => setAsking(undefined)}
      />
    </>
  );
};

/** WeChat's blacklist (its own list, 10,000 a page): take followers off it. */
const Blacklist = ({ appid }: { appid: string }) => {
  const [answer, setAnswer] = useState<Output<'audience.blacklist'>>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    call('audience.blacklist', { appid }).then(setAnswer, (e: Error) => setError(e.message));
  }, [appid, version]);
  const rows: Row[] = (answer?.openids ?? []).map((openid) => ({ openid, subscribeTime: 0, remark: '', tags: [], qrScene: '', subscribeScene: '' }));
  return (
    <section class="card" aria-labelledby="blacklist-heading">
      <h2 id="blacklist-heading">{answer ? t('directory.blacklistTotal', { total: answer.total }) : t('directory.blacklist')}</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {!answer && !error && <p class="loading">{t('common.loading')}</p>}
      {answer && <Selectable appid={appid} rows={rows} groups={[]} blacklist empty={t('directory.blacklistEmpty')} onChanged={() => setVersion((v) => v + 1)} />}
    </section>
  );
};
