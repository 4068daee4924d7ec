import { useEffect, useId, useState } from 'preact/hooks';
import { call } from '../api';
import type { Rule } from '../contract';
import { AutoreplyImport } from '../components/AutoreplyImport';
import { MaterialName } from '../components/MaterialName';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PagedTable } from '../components/PagedTable';
import { Alert, toast } from '../components/Toast';
import { t } from '../i18n';
import { href, setParams } from '../router';
import { useMaterialNames, type KnownMaterial } from '../material-names';
import { loadAllRules, replyOf, summarize } from '../rules';
import type { PageProps } from './types';

const pageSize = 10;

/** The sections of WeChat's 自动回复: 被关注回复 (@subscribe…), 收到消息回复 (@default), 关键词回复 (the rest). */
const sections = ['subscribe', 'default', 'keyword'] as const;
type Section = (typeof sections)[number];
const sectionOf = (rule: Rule): Section => (rule.request.startsWith('@subscribe') ? 'subscribe' : rule.request === '@default' ? 'default' : 'keyword');

/** A rule's reply in a list: a material by its thumbnail and file name, anything else in one line. */
const ReplyCell = ({ appid, rule, materials }: { appid: string; rule: Rule; materials: Map<string, KnownMaterial> | undefined }) => {
  const reply = replyOf(rule);
  if (reply.type === 'image' || reply.type === 'voice' || reply.type === 'video') {
    return <MaterialName appid={appid} mediaId={reply.content.mediaId} kind={reply.type} known={materials} title={reply.type === 'video' ? reply.content.title : undefined} />;
  }
  return <span class="clamp">{summarize(reply)}</span>;
};

const usesMaterial = (rule: Rule) => ['image', 'voice', 'video'].includes(rule.type);

/** The account's rules by WeChat's sections: keyword rules with search and page (in the URL), edit, delete (confirmed). */
export const RepliesPage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const searchId = useId();
  const [rules, setRules] = useState<Rule[]>();
  const [error, setError] = useState<string>();
  const [deleting, setDeleting] = useState<Rule>();
  const query = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const section: Section = (sections as readonly string[]).includes(params.get('section') ?? '') ? (params.get('section') as Section) : 'keyword';

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
      await call('replies.delete', { appid, request: rule.request, version: rule.version });
      toast(t('replies.deleted'));
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const shown = (rules ?? []).filter((r) => sectionOf(r) === section);
  // Listed only when a rule sends a material (each listing is a call to WeChat).
  const materials = useMaterialNames(appid, Boolean(rules?.some(usesMaterial)));

  return (
    <div class="page">
      <h1>{t('replies.title')}</h1>
      <nav class="tabs" aria-label={t('replies.sections')}>
        {sections.map((s) => (
          <a key={s} href={href('/replies', { appid, section: s === 'keyword' ? undefined : s })} aria-current={section === s ? 'page' : undefined}>
            {t(`replies.section.${s}`)}
          </a>
        ))}
      </nav>
      {error && <Alert kind="error">{error}</Alert>}
      <AutoreplyImport appid={appid} offerWhenEmpty={rules !== undefined && rules.length === 0 && !query} onImported={load} />
      {section !== 'keyword' && rules !== undefined && (
        <ReservedSection appid={appid} section={section} rules={shown} materials={materials} onDelete={setDeleting} />
      )}
      {section === 'keyword' && <div class="toolbar">
        <div class="field">
          <label for={searchId}>{t('replies.search')}</label>
          <input id={searchId} type="search" value={query} onInput={(e) => setParams({ q: (e.target as HTMLInputElement).value || undefined, page: undefined })} />
        </div>
        <a class="button button--primary" href={href('/rule', { appid })}>
          {t('replies.add')}
        </a>
      </div>}
      {rules === undefined ? (
        <p class="loading">{t('common.loading')}</p>
      ) : section === 'keyword' && (
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
            { key: 'name', label: t('replies.ruleName'), cell: (r) => r.ruleName ?? '' },
            {
              key: 'keyword',
              label: t('replies.keywords'),
              cell: (r) => (
                <>
                  {r.keywords.length === 0 ? (
                    <code>{r.request}</code>
                  ) : (
                    <ul class="keyword-list">
                      {[r.request, ...r.keywords.map((k) => k.keyword)].map((k) => (
                        <li key={k}>
                          <code>{k}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                  {r.mediaMissing && <span class="badge badge--warning" title={t('replies.mediaMissingHint')}>{t('replies.mediaMissing')}</span>}
                </>
              ),
            },
            {
              key: 'match',
              label: t('replies.match'),
              cell: (r) =>
                r.keywords.length === 0 ? (
                  t(`match.${r.match}`)
                ) : (
                  <ul class="keyword-list">
                    {[r.match, ...r.keywords.map((k) => k.match)].map((m, i) => (
                      <li key={i}>{t(`match.${m}`)}</li>
                    ))}
                  </ul>
                ),
            },
            { key: 'type', label: t('replies.type'), cell: (r) => t(`type.${r.type}`) },
            { key: 'reply', label: t('replies.summary'), cell: (r) => <ReplyCell appid={appid} rule={r} materials={materials} /> },
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

/** 被关注回复 or 收到消息回复: the one rule (and, for follows, one per QR scene), or what to do when there is none. */
const ReservedSection = (props: { appid: string; section: 'subscribe' | 'default'; rules: Rule[]; materials: Map<string, KnownMaterial> | undefined; onDelete: (rule: Rule) => void }) => {
  const { appid, section, rules } = props;
  const main = rules.find((r) => r.request === (section === 'subscribe' ? '@subscribe' : '@default'));
  return (
    <section class="card reserved">
      <p class="muted">{t(section === 'subscribe' ? 'replies.subscribeHint' : 'replies.defaultHint')}</p>
      {!main && (
        <p>
          {t(section === 'subscribe' ? 'replies.noSubscribe' : 'replies.noDefault')}{' '}
          <a class="button button--primary" href={href('/rule', { appid, section })}>
            {t(section === 'subscribe' ? 'replies.setSubscribe' : 'replies.setDefault')}
          </a>
        </p>
      )}
      <ul class="reserved__list">
        {rules.map((r) => (
          <li key={r.request} class="reserved__rule">
            <strong>{r.request === '@default' ? t('replies.section.default') : r.request === '@subscribe' ? t('replies.anySubscribe') : t('replies.sceneSubscribe', { scene: r.request.replace(/^@subscribe:/, '') })}</strong>
            <span>
              <ReplyCell appid={appid} rule={r} materials={props.materials} />
              {r.mediaMissing && <span class="badge badge--warning" title={t('replies.mediaMissingHint')}>{t('replies.mediaMissing')}</span>}
            </span>
            <span class="actions">
              <a class="button button--small button--ghost" href={href('/rule', { appid, keyword: r.request })}>
                {t('common.edit')}
              </a>
              <button type="button" class="button button--small button--ghost danger" onClick={() => props.onDelete(r)}>
                {t('common.delete')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
};
