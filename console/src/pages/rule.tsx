import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { ChatPreview, type DraftReply } from '../components/ChatPreview';
import { Field, FormError } from '../components/Field';
import { MediaPicker } from '../components/MediaPicker';
import { Alert, toast } from '../components/Toast';
import { issueText, schemaErrors, type Errors } from '../form';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { loadAllRules, replyOf, replyTypeList } from '../rules';
import { ReplyRuleInput } from '../../../src/replies/inputs';
import { replyContent, type ReplyType } from '../../../src/replies/reply-schema';
import type { PageProps } from './types';

/**
 * Add or edit one rule: keyword and match mode, the reply type, a form per type (news up to 8
 * articles; media picked from the account's materials), a chat preview beside it. Checked with
 * the API's own schemas first; the API's message lands beside the field it names.
 */
type Article = { title: string; description: string; picurl: string; url: string };
interface Drafts {
  text: { content: string };
  image: { mediaId: string };
  voice: { mediaId: string };
  video: { mediaId: string; title: string; description: string };
  music: { title: string; description: string; musicUrl: string; hqMusicUrl: string; thumbMediaId: string };
  multitext: { articles: Article[] };
}

const emptyArticle = (): Article => ({ title: '', description: '', picurl: '', url: '' });
const emptyDrafts = (): Drafts => ({
  text: { content: '' },
  image: { mediaId: '' },
  voice: { mediaId: '' },
  video: { mediaId: '', title: '', description: '' },
  music: { title: '', description: '', musicUrl: '', hqMusicUrl: '', thumbMediaId: '' },
  multitext: { articles: [emptyArticle()] },
});

/** The content to send: optional empty fields left out (the schemas' defaults apply). */
const contentOf = (type: ReplyType, drafts: Drafts): Record<string, unknown> => {
  if (type === 'music') {
    const { hqMusicUrl, ...rest } = drafts.music;
    return hqMusicUrl.trim() ? { ...rest, hqMusicUrl } : rest;
  }
  return drafts[type];
};

/** Schema issues as dotted paths ("articles.0.title"), the shape the editor's fields are named by. */
const contentErrors = (type: ReplyType, content: unknown): Errors => {
  const result = replyContent[type].safeParse(content);
  if (result.success) return {};
  const errors: Errors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issueText(issue);
  }
  return errors;
};

export const RulePage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const editing = params.get('keyword') ?? undefined;
  // `prefill`: a follower's text no keyword answered (the statistics' one click), as a new rule's keyword.
  const [keyword, setKeyword] = useState(editing ?? params.get('prefill') ?? '');
  const [match, setMatch] = useState<'exact' | 'contains'>('exact');
  const [type, setType] = useState<ReplyType>('text');
  const [drafts, setDrafts] = useState<Drafts>(emptyDrafts);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [loaded, setLoaded] = useState(!editing);

  useEffect(() => {
    if (!editing) return;
    loadAllRules(appid)
      .then((rules) => {
        const rule = rules.find((r) => r.request === editing);
        if (!rule) return setLoadError(`${editing}: not found`);
        const reply = replyOf(rule);
        setMatch(rule.match);
        setType(reply.type);
        setDrafts((d) => {
          const next = { ...d };
          if (reply.type === 'music') next.music = { ...d.music, ...reply.content, hqMusicUrl: reply.content.hqMusicUrl ?? '', description: reply.content.description ?? '' };
          else if (reply.type === 'multitext') next.multitext = { articles: reply.content.articles.map((a) => ({ ...a, description: a.description ?? '' })) };
          else if (reply.type === 'video') next.video = { mediaId: reply.content.mediaId, title: reply.content.title ?? '', description: reply.content.description ?? '' };
          else (next[reply.type] as object) = { ...reply.content };
          return next;
        });
        setLoaded(true);
      })
      .catch((e: Error) => setLoadError(e.message));
  }, [appid, editing]);

  const setDraft = <T extends ReplyType>(which: T, patch: Partial<Drafts[T]>) => {
    setDrafts((d) => ({ ...d, [which]: { ...d[which], ...patch } }));
    setErrors({});
  };
  const setArticle = (index: number, patch: Partial<Article>) =>
    setDraft('multitext', { articles: drafts.multitext.articles.map((a, i) => (i === index ? { ...a, ...patch } : a)) });

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const content = contentOf(type, drafts);
    // The content alone: addReply/updateReply read it as the type's content (text: `{content}`).
    const input = { appid, type, reply: content, request: keyword, match };
    const found = { ...(schemaErrors(ReplyRuleInput, input) ?? {}), ...contentErrors(type, content) };
    if (Object.keys(found).length) return setErrors(found);
    setBusy(true);
    try {
      await call(editing ? 'replies.update' : 'replies.add', input);
      toast(t('replies.saved'));
      navigate('/replies', { appid });
    } catch (error) {
      if (error instanceof ApiError && error.path) {
        const key = error.path === 'reply' || error.path.startsWith('reply.') ? error.path.replace(/^reply\.?(content\.)?/, '') || '_form' : error.path;
        setErrors({ [key]: error.detail });
      } else setErrors({ _form: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <Alert kind="error">{loadError}</Alert>;
  if (!loaded) return <p class="loading">{t('common.loading')}</p>;
  const draft = { type, content: contentOf(type, drafts) } as DraftReply;
  const e = (key: string) => errors[key];
  return (
    <div class="page">
      <p>
        <a href={href('/replies', { appid })}>← {t('replies.title')}</a>
      </p>
      <h1>{editing ? t('replies.editTitle', { keyword: editing }) : t('replies.newTitle')}</h1>
      <div class="editor">
        <form onSubmit={save} noValidate class="card">
          <FormError error={errors['_form']} />
          <Field label={t('replies.keyword')} name="request" value={keyword} onValue={(v) => (setKeyword(v), setErrors({}))} error={e('request')} hint={t('replies.reserved')} readOnly={Boolean(editing)} autoComplete="off" />
          <fieldset>
            <legend>{t('replies.match')}</legend>
            <div class="radios">
              {(['exact', 'contains'] as const).map((m) => (
                <label key={m}>
                  <input type="radio" name="match" value={m} checked={match === m} onChange={() => setMatch(m)} />
                  {t(`match.${m}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('replies.type')}</legend>
            <div class="radios">
              {replyTypeList.map((ty) => (
                <label key={ty}>
                  <input type="radio" name="type" value={ty} checked={type === ty} onChange={() => (setType(ty), setErrors({}))} />
                  {t(`type.${ty}`)}
                </label>
              ))}
            </div>
          </fieldset>

          {type === 'text' && <Field kind="textarea" rows={5} label={t('reply.content')} name="content" value={drafts.text.content} onValue={(v) => setDraft('text', { content: v })} error={e('content')} />}
          {(type === 'image' || type === 'voice') && (
            <MediaPicker appid={appid} type={type} label={t('reply.media')} name="mediaId" value={drafts[type].mediaId} onValue={(v) => setDraft(type, { mediaId: v })} error={e('mediaId')} />
          )}
          {type === 'video' && (
            <>
              <MediaPicker appid={appid} type="video" label={t('reply.media')} name="mediaId" value={drafts.video.mediaId} onValue={(v) => setDraft('video', { mediaId: v })} error={e('mediaId')} />
              <Field label={`${t('reply.title')}${t('common.optional')}`} name="title" value={drafts.video.title} onValue={(v) => setDraft('video', { title: v })} error={e('title')} />
              <Field kind="textarea" rows={2} label={`${t('reply.description')}${t('common.optional')}`} name="description" value={drafts.video.description} onValue={(v) => setDraft('video', { description: v })} error={e('description')} />
            </>
          )}
          {type === 'music' && (
            <>
              <Field label={t('reply.title')} name="title" value={drafts.music.title} onValue={(v) => setDraft('music', { title: v })} error={e('title')} />
              <Field kind="textarea" rows={2} label={`${t('reply.description')}${t('common.optional')}`} name="description" value={drafts.music.description} onValue={(v) => setDraft('music', { description: v })} error={e('description')} />
              <Field type="url" label={t('reply.musicUrl')} name="musicUrl" value={drafts.music.musicUrl} onValue={(v) => setDraft('music', { musicUrl: v })} error={e('musicUrl')} />
              <Field type="url" label={`${t('reply.hqMusicUrl')}${t('common.optional')}`} name="hqMusicUrl" value={drafts.music.hqMusicUrl} onValue={(v) => setDraft('music', { hqMusicUrl: v })} error={e('hqMusicUrl')} />
              <MediaPicker appid={appid} type="image" label={t('reply.thumb')} name="thumbMediaId" value={drafts.music.thumbMediaId} onValue={(v) => setDraft('music', { thumbMediaId: v })} error={e('thumbMediaId')} />
            </>
          )}
          {type === 'multitext' && (
            <>
              <p class="muted">{t('replies.newsOneArticle')}</p>
              {e('articles') && <p class="field__error" role="alert">{e('articles')}</p>}
              {drafts.multitext.articles.map((a, i) => (
                <fieldset class="article" key={i}>
                  <legend>{t('reply.article', { n: i + 1 })}</legend>
                  <Field label={t('reply.title')} name={`articles.${i}.title`} value={a.title} onValue={(v) => setArticle(i, { title: v })} error={e(`articles.${i}.title`)} />
                  <Field kind="textarea" rows={2} label={`${t('reply.description')}${t('common.optional')}`} name={`articles.${i}.description`} value={a.description} onValue={(v) => setArticle(i, { description: v })} error={e(`articles.${i}.description`)} />
                  <Field type="url" label={t('reply.picurl')} name={`articles.${i}.picurl`} value={a.picurl} onValue={(v) => setArticle(i, { picurl: v })} error={e(`articles.${i}.picurl`)} />
                  <Field type="url" label={t('reply.url')} name={`articles.${i}.url`} value={a.url} onValue={(v) => setArticle(i, { url: v })} error={e(`articles.${i}.url`)} />
                  {drafts.multitext.articles.length > 1 && (
                    <button type="button" class="button button--small button--ghost" onClick={() => setDraft('multitext', { articles: drafts.multitext.articles.filter((_, j) => j !== i) })}>
                      {t('reply.articleRemove')} ({i + 1})
                    </button>
                  )}
                </fieldset>
              ))}
              {drafts.multitext.articles.length < 8 && (
                <p>
                  <button type="button" class="button button--ghost" onClick={() => setDraft('multitext', { articles: [...drafts.multitext.articles, emptyArticle()] })}>
                    {t('reply.articleAdd')}
                  </button>
                </p>
              )}
            </>
          )}
          <div class="actions">
            <button type="submit" class="button button--primary" disabled={busy}>
              {t('common.save')}
            </button>
            <a class="button button--ghost" href={href('/replies', { appid })}>
              {t('common.cancel')}
            </a>
          </div>
        </form>
        <ChatPreview appid={appid} keyword={keyword} reply={draft} />
      </div>
    </div>
  );
};
