import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { MaterialThumb } from '../components/MaterialThumb';
import { Alert } from '../components/Toast';
import { useCursorList } from '../cursor-list';
import type { Output } from '../contract';
import { t } from '../i18n';
import { beijingTime } from '../publishing';
import { href } from '../router';
import type { PageProps } from './types';

/**
 * 草稿箱: the account's drafts, newest change first, each with its cover, its articles' titles and
 * when it last changed; new, edit, delete (confirmed). A draft a scheduled send holds cannot be
 * deleted (the API refuses it too).
 */
type Draft = Output<'content.listDrafts'>['drafts'][number];

/** The first article's cover: listDrafts names titles only, so the draft itself is read for it. */
const DraftCover = ({ appid, mediaId, title }: { appid: string; mediaId: string; title: string }) => {
  const [thumb, setThumb] = useState<string>();
  useEffect(() => {
    call('content.getDraft', { appid, mediaId }).then((d) => setThumb(d.articles[0]?.thumbMediaId), () => undefined);
  }, [appid, mediaId]);
  return thumb ? <MaterialThumb appid={appid} mediaId={thumb} name={t('drafts.coverOf', { title })} className="draft-card__cover" /> : <span class="draft-card__cover draft-card__cover--none" aria-hidden="true" />;
};

export const DraftsPage = ({ account }: PageProps) => {
  const appid = account!.appid;
  const [removing, setRemoving] = useState<Draft>();
  const list = useCursorList(async (cursor) => {
    const answer = await call('content.listDrafts', { appid, limit: 20, ...(cursor ? { cursor } : {}) });
    return { items: answer.drafts, cursor: answer.cursor, total: answer.total };
  }, [appid]);
  const { items: drafts, total, cursor, error } = list;

  const remove = () => {
    const target = removing!;
    setRemoving(undefined);
    return list.act(() => call('content.deleteDraft', { appid, mediaId: target.mediaId }), 'drafts.deleted');
  };

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('drafts.title')}</h1>
        <a class="button button--primary" href={href('/draft', { appid })}>
          {t('drafts.new')}
        </a>
      </div>
      <p class="muted">{t('drafts.intro')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!drafts && !error && <p class="loading">{t('common.loading')}</p>}
      {drafts && (
        <>
          <p class="muted small">{t('drafts.count', { n: total })}</p>
          {drafts.length === 0 ? (
            <p class="card muted">{t('drafts.empty')}</p>
          ) : (
            <ul class="draft-cards" aria-label={t('drafts.title')}>
              {drafts.map((d) => (
                <li class="draft-card" key={d.mediaId}>
                  <DraftCover appid={appid} mediaId={d.mediaId} title={d.titles[0] ?? ''} />
                  <div class="draft-card__body">
                    <a class="draft-card__title" href={href('/draft', { appid, mediaId: d.mediaId })}>
                      {d.titles[0] || t('draft.untitled')}
                    </a>
                    {d.titles.length > 1 && (
                      <ol class="draft-card__more" start={2}>
                        {d.titles.slice(1).map((title, i) => (
                          <li key={i}>{title}</li>
                        ))}
                      </ol>
                    )}
                    <p class="muted small">
                      {t('drafts.updated', { time: beijingTime(d.updatedAt), who: d.createdBy.username })}
                      {d.lockedBy && <span class="badge badge--warning">{t('drafts.locked')}</span>}
                    </p>
                  </div>
                  <div class="draft-card__actions">
                    <a class="button button--small" href={href('/draft', { appid, mediaId: d.mediaId })} aria-label={t('drafts.editNamed', { title: d.titles[0] ?? '' })}>
                      {t('common.edit')}
                    </a>
                    <button
                      type="button"
                      class="button button--small button--ghost"
                      disabled={Boolean(d.lockedBy)}
                      title={d.lockedBy ? t('drafts.lockedHint') : undefined}
                      aria-label={t('drafts.deleteNamed', { title: d.titles[0] ?? '' })}
                      onClick={() => setRemoving(d)}
                    >
                      {t('common.delete')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {cursor && (
            <p>
              <button type="button" class="button button--ghost" onClick={() => void list.more()}>
                {t('drafts.more')}
              </button>
            </p>
          )}
        </>
      )}
      <ConfirmDialog open={removing !== undefined} message={t('drafts.deleteConfirm', { title: removing?.titles[0] ?? '' })} onConfirm={() => void remove()} onCancel={() => setRemoving(undefined)} />
    </div>
  );
};
