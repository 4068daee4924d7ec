import { useEffect, useRef, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { ApiError, call } from '../api';
import { ArticleBody } from '../components/ArticleBody';
import { ArticlePreview } from '../components/ArticlePreview';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { MaterialThumb } from '../components/MaterialThumb';
import { MediaPicker } from '../components/MediaPicker';
import { SendDialog } from '../components/SendDialog';
import { Alert, toast } from '../components/Toast';
import { schemaErrors, type Errors } from '../form';
import { language, t } from '../i18n';
import { charCount, emptyArticle, maxArticles, type DraftArticle } from '../publishing';
import { href, navigate } from '../router';
import { uploadTo } from '../upload';
import { ArticleInput, contentMaxChars } from '../../../src/content/inputs';
import { describeError } from '../../../src/core/messages/texts';
import type { PageProps } from './types';

/**
 * The article editor (草稿箱 › 编辑): up to 8 articles in the left column, the chosen one's form in
 * the middle, WeChat's article page in a phone frame beside it. Limits are checked while typing with
 * the API's own schemas and worded by the one text table; a missing title, cover or body is named
 * when saving. WeChat's draft/update replaces one article in place, so an unchanged layout saves
 * article by article; added, removed or reordered articles make a new draft (and the old one goes).
 */
// The fields the browser can check as the API does (the body's byte count and the link's are checked by the API).
const typedFields = z.object({ title: ArticleInput.shape.title, author: ArticleInput.shape.author, digest: ArticleInput.shape.digest });
const limits = { title: 32, author: 16, digest: 128 } as const;

const ruleText = (field: string, rule: string, limit?: number, given?: number) => describeError(40000, { field, rule, limit, given }, language()) ?? t('err.format');

/** What is wrong with one article: limits always, missing fields once a save was tried. */
const articleErrors = (article: DraftArticle, tried: boolean): Errors => {
  const errors: Errors = { ...(schemaErrors(typedFields, { title: article.title, author: article.author, digest: article.digest }) ?? {}) };
  if (!tried && errors['title'] && !article.title.trim()) delete errors['title'];
  const bodyChars = charCount(article.content);
  if (bodyChars >= contentMaxChars) errors['content'] = ruleText('articles.content', 'maxLengthBelow', contentMaxChars, bodyChars);
  if (article.contentSourceUrl.trim() && !/^https?:\/\/\S+$/i.test(article.contentSourceUrl.trim())) errors['contentSourceUrl'] = ruleText('contentSourceUrl', 'httpUrl');
  if (tried) {
    if (!article.content.replace(/<br\s*\/?>|&nbsp;|\s/g, '')) errors['content'] ??= ruleText('articles.content', 'required');
    if (!article.thumbMediaId) errors['thumbMediaId'] = ruleText('thumbMediaId', 'required');
  }
  return errors;
};

/** The API's field path (`articles[1].title`, or updateDraft's `article.title`) as the editor's key (`1.title`). */
const errorKey = (path: string | undefined, index: number): string | undefined => {
  const listed = path?.match(/^articles\[(\d+)\]\.(\w+)/);
  if (listed) return `${listed[1]}.${listed[2]}`;
  const single = path?.match(/^article\.(\w+)/);
  return single ? `${index}.${single[1]}` : undefined;
};

/** A 发表 pressed on an unsaved draft: the save gives it a new mediaId (the page mounts afresh), then the dialog opens. */
let sendWhenOpened: string | undefined;

export const DraftPage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const mediaId = params.get('mediaId') ?? undefined;
  const [articles, setArticles] = useState<DraftArticle[]>([emptyArticle()]);
  const [saved, setSaved] = useState<DraftArticle[]>(mediaId ? [] : [emptyArticle()]);
  const [updatedAt, setUpdatedAt] = useState<string>();
  const [lockedBy, setLockedBy] = useState<string>();
  const [current, setCurrent] = useState(0);
  const [tried, setTried] = useState(false);
  const [apiErrors, setApiErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [loaded, setLoaded] = useState(!mediaId);
  const [leaving, setLeaving] = useState<string>();
  const [sending, setSending] = useState(() => Boolean(mediaId) && sendWhenOpened === mediaId);
  const [coverVersion, setCoverVersion] = useState(0);
  const [coverBusy, setCoverBusy] = useState(false);
  // Bumped whenever the articles are replaced rather than typed (loaded, saved, reordered): the body editor redraws.
  const [layout, setLayout] = useState(0);
  const relayout = () => setLayout((n) => n + 1);
  const coverFile = useRef<HTMLInputElement>(null);

  useEffect(() => {
    sendWhenOpened = undefined;
    if (!mediaId) return;
    call('content.getDraft', { appid, mediaId }).then(
      (draft) => {
        setArticles(draft.articles);
        setSaved(draft.articles);
        relayout();
        setUpdatedAt(draft.updatedAt);
        setLockedBy(draft.lockedBy);
        setLoaded(true);
      },
      (e: Error) => setLoadError(e.message),
    );
  }, [appid, mediaId]);

  const dirty = JSON.stringify(articles) !== JSON.stringify(saved);
  // Leaving with unsaved edits asks first: a link inside the console, or closing or reloading the tab.
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
      if (!link || !dirtyRef.current || event.defaultPrevented) return;
      event.preventDefault();
      setLeaving(link.getAttribute('href')!);
    };
    const onUnload = (event: BeforeUnloadEvent) => {
      if (dirtyRef.current) event.preventDefault();
    };
    document.addEventListener('click', onClick, true);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, []);

  const article = articles[current] ?? articles[0]!;
  const single = articles.length === 1;
  const edit = (patch: Partial<DraftArticle>) => {
    setArticles((list) => list.map((a, i) => (i === current ? { ...a, ...patch } : a)));
    setApiErrors({});
  };
  const allErrors = articles.map((a) => articleErrors(a, tried));
  const errors = allErrors[current] ?? {};
  const e = (field: string) => apiErrors[`${current}.${field}`] ?? errors[field];
  const counter = (field: keyof typeof limits, value: string) => `${charCount(value)}/${limits[field]}`;

  const move = (from: number, to: number) => {
    setArticles((list) => {
      const next = [...list];
      const [moved] = next.splice(from, 1);
      next.splice(to, 0, moved!);
      return next;
    });
    setCurrent(to);
    relayout();
  };
  const remove = (index: number) => {
    setArticles((list) => list.filter((_, i) => i !== index));
    setCurrent((c) => Math.max(0, c >= index ? c - 1 : c));
    relayout();
  };
  const add = () => {
    setArticles((list) => [...list.map((a) => ({ ...a, digest: '' })), emptyArticle()]);
    setCurrent(articles.length);
  };

  /** Saves; answers the draft's mediaId (a new one when the layout changed), or undefined when something is wrong. */
  const save = async (thenSend = false): Promise<string | undefined> => {
    setTried(true);
    const found = articles.map((a) => articleErrors(a, true));
    const wrong = found.findIndex((f) => Object.keys(f).length > 0);
    if (wrong >= 0) {
      setCurrent(wrong);
      return undefined;
    }
    const body = articles.map((a) => ({ ...a, digest: single ? a.digest : '' }));
    setBusy(true);
    setApiErrors({});
    try {
      const sameLayout = mediaId && saved.length === body.length;
      if (mediaId && sameLayout) {
        let latest = saved;
        for (const [index, a] of body.entries()) {
          if (JSON.stringify(a) === JSON.stringify(saved[index])) continue;
          try {
            latest = (await call('content.updateDraft', { appid, mediaId, index, article: a })).articles;
          } catch (error) {
            const key = error instanceof ApiError ? errorKey(error.path, index) : undefined;
            if (key) (setCurrent(index), setApiErrors({ [key]: (error as ApiError).detail }));
            else throw error;
            return undefined;
          }
        }
        setArticles(latest);
        setSaved(latest);
        relayout();
        toast(t('draft.saved'));
        return mediaId;
      }
      let answer;
      try {
        answer = await call('content.addDraft', { appid, articles: body });
      } catch (error) {
        const key = error instanceof ApiError ? errorKey(error.path, current) : undefined;
        if (!key) throw error;
        setCurrent(Number(key.split('.')[0]));
        setApiErrors({ [key]: (error as ApiError).detail });
        return undefined;
      }
      // Reordered, added or removed articles: the old draft is replaced by the new one.
      if (mediaId) await call('content.deleteDraft', { appid, mediaId }).catch(() => undefined);
      setArticles(answer.articles);
      setSaved(answer.articles);
      dirtyRef.current = false;
      toast(t('draft.saved'));
      sendWhenOpened = thenSend ? answer.mediaId : undefined;
      navigate('/draft', { appid, mediaId: answer.mediaId }, { replace: true });
      return answer.mediaId;
    } catch (error) {
      setApiErrors({ _form: error instanceof ApiError && error.errcode === -1 ? t('err.network') : (error as Error).message });
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const uploadCover = async (picked: File) => {
    setCoverBusy(true);
    try {
      const form = new FormData();
      form.set('appid', appid);
      form.set('type', 'image');
      form.set('file', picked, picked.name);
      const uploaded = await uploadTo('materials.upload', form, () => undefined);
      edit({ thumbMediaId: uploaded.mediaId });
      setCoverVersion((v) => v + 1);
    } catch (error) {
      setApiErrors({ [`${current}.thumbMediaId`]: error instanceof ApiError ? error.detail : String(error) });
    } finally {
      setCoverBusy(false);
      if (coverFile.current) coverFile.current.value = '';
    }
  };

  if (loadError) return <Alert kind="error">{loadError}</Alert>;
  if (!loaded) return <p class="loading">{t('common.loading')}</p>;
  return (
    <div class="page page--wide">
      <p>
        <a href={href('/drafts', { appid })}>← {t('drafts.title')}</a>
      </p>
      <div class="draft-head">
        <h1>{mediaId ? t('draft.editTitle') : t('draft.newTitle')}</h1>
        <div class="actions draft-head__actions">
          {dirty && <span class="muted small">{t('draft.unsaved')}</span>}
          <button type="button" class="button" disabled={busy} onClick={() => void save()}>
            {busy ? t('draft.saving') : t('common.save')}
          </button>
          <button
            type="button"
            class="button button--primary"
            disabled={busy || Boolean(lockedBy)}
            onClick={async () => {
              const id = dirty || !mediaId ? await save(true) : mediaId;
              if (id && id === mediaId) setSending(true);
            }}
          >
            {t('draft.send')}
          </button>
        </div>
      </div>
      {lockedBy && <Alert kind="info">{t('draft.locked')}</Alert>}
      <FormError error={apiErrors['_form']} />
      <div class="draft-editor">
        <nav class="card draft-articles" aria-label={t('draft.articles')}>
          <ol>
            {articles.map((a, i) => (
              <li key={i} class={`draft-articles__item${i === current ? ' is-current' : ''}${Object.keys(allErrors[i] ?? {}).length ? ' has-error' : ''}`}>
                <button type="button" class="draft-articles__pick" aria-current={i === current ? 'true' : undefined} onClick={() => setCurrent(i)}>
                  {a.thumbMediaId ? <MaterialThumb appid={appid} mediaId={a.thumbMediaId} name={t('draft.coverOf', { n: i + 1 })} className="draft-thumb" /> : <span class="draft-thumb draft-thumb--none" aria-hidden="true" />}
                  <span class="draft-articles__title">{a.title || t('draft.untitled')}</span>
                </button>
                {articles.length > 1 && (
                  <span class="draft-articles__tools">
                    <button type="button" class="button button--small button--ghost" disabled={i === 0} aria-label={t('draft.moveUp', { n: i + 1 })} onClick={() => move(i, i - 1)}>
                      ↑
                    </button>
                    <button type="button" class="button button--small button--ghost" disabled={i === articles.length - 1} aria-label={t('draft.moveDown', { n: i + 1 })} onClick={() => move(i, i + 1)}>
                      ↓
                    </button>
                    <button type="button" class="button button--small button--ghost" aria-label={t('draft.removeArticle', { n: i + 1 })} onClick={() => remove(i)}>
                      ✕
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ol>
          {articles.length < maxArticles ? (
            <button type="button" class="button button--ghost button--block" onClick={add}>
              {t('draft.addArticle')}
            </button>
          ) : (
            <p class="muted small">{t('draft.maxArticles', { n: maxArticles })}</p>
          )}
        </nav>
        <form class="card draft-form" noValidate onSubmit={(ev) => (ev.preventDefault(), void save())} aria-label={t('draft.articleN', { n: current + 1 })}>
          <Field label={t('draft.title')} name="title" value={article.title} onValue={(v) => edit({ title: v })} error={e('title')} hint={counter('title', article.title)} autoComplete="off" />
          <Field label={`${t('draft.author')}${t('common.optional')}`} name="author" value={article.author} onValue={(v) => edit({ author: v })} error={e('author')} hint={counter('author', article.author)} autoComplete="off" />
          <ArticleBody appid={appid} docKey={`${current}:${layout}`} label={t('draft.body')} value={article.content} onValue={(v) => edit({ content: v })} error={e('content')} hint={t('draft.body.hint')} />
          <div class="draft-cover">
            <MediaPicker key={`${coverVersion}`} appid={appid} type="image" label={t('draft.cover')} name="thumbMediaId" value={article.thumbMediaId} onValue={(v) => edit({ thumbMediaId: v })} error={e('thumbMediaId')} />
            <label class="button button--small draft-cover__upload">
              {coverBusy ? t('draft.body.uploading') : t('draft.coverUpload')}
              <input ref={coverFile} class="visually-hidden" type="file" accept="image/png,image/jpeg" disabled={coverBusy} onChange={(ev) => {
                const picked = (ev.target as HTMLInputElement).files?.[0];
                if (picked) void uploadCover(picked);
              }} />
            </label>
          </div>
          {single ? (
            <Field kind="textarea" rows={3} label={`${t('draft.digest')}${t('common.optional')}`} name="digest" value={article.digest} onValue={(v) => edit({ digest: v })} error={e('digest')} hint={`${counter('digest', article.digest)} · ${t('draft.digestHint')}`} />
          ) : (
            <p class="muted small">{t('draft.digestSingleOnly')}</p>
          )}
          <Field type="url" label={`${t('draft.sourceUrl')}${t('common.optional')}`} name="contentSourceUrl" value={article.contentSourceUrl} onValue={(v) => edit({ contentSourceUrl: v })} error={e('contentSourceUrl')} placeholder="https://" autoComplete="off" />
          <fieldset>
            <legend>{t('draft.comments')}</legend>
            <label class="check">
              <input type="checkbox" checked={article.needOpenComment} onChange={(ev) => edit({ needOpenComment: (ev.target as HTMLInputElement).checked, ...((ev.target as HTMLInputElement).checked ? {} : { onlyFansCanComment: false }) })} />
              {t('draft.commentsOn')}
            </label>
            <label class="check">
              <input type="checkbox" disabled={!article.needOpenComment} checked={article.onlyFansCanComment} onChange={(ev) => edit({ onlyFansCanComment: (ev.target as HTMLInputElement).checked })} />
              {t('draft.commentsFansOnly')}
            </label>
          </fieldset>
        </form>
        <div class="draft-preview">
          <h2 class="visually-hidden">{t('draft.preview')}</h2>
          <ArticlePreview article={article} accountName={account!.nickname || t('draft.accountFallback')} date={updatedAt} />
        </div>
      </div>
      <ConfirmDialog
        open={leaving !== undefined}
        message={t('draft.leaveConfirm')}
        confirmLabel={t('draft.leave')}
        onCancel={() => setLeaving(undefined)}
        onConfirm={() => {
          const target = leaving!;
          dirtyRef.current = false;
          setLeaving(undefined);
          window.location.hash = target;
        }}
      />
      {sending && <SendDialog appid={appid} mediaId={params.get('mediaId') ?? ''} titles={articles.map((a) => a.title)} onClose={() => setSending(false)} />}
    </div>
  );
};
