import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { ChatPreview, type DraftReply } from '../components/ChatPreview';
import { Field, FormError } from '../components/Field';
import { MediaPicker } from '../components/MediaPicker';
import { Alert, toast } from '../components/Toast';
import { issueText, schemaErrors, type Errors } from '../form';
import { t } from '../i18n';
import { href, navigate, setUnsaved } from '../router';
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

/** The reserved keywords WeChat's back office shows as sections of their own. */
const sectionKeyword = { subscribe: '@subscribe', default: '@default' } as const;
type OtherKeyword = { keyword: string; match: 'exact' | 'contains' };

export const RulePage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const editing = params.get('keyword') ?? undefined;
  const section = params.get('section') as keyof typeof sectionKeyword | null;
  const fixed = editing ?? (section && sectionKeyword[section] ? sectionKeyword[section] : undefined);
  const reserved = (fixed ?? '').startsWith('@');
  // `prefill`: a follower's text no keyword answered (the statistics' one click), as a new rule's keyword.
  const [keyword, setKeyword] = useState(fixed ?? params.get('prefill') ?? '');
  const [match, setMatch] = useState<'exact' | 'contains'>('exact');
  const [ruleName, setRuleName] = useState('');
  const [others, setOthers] = useState<OtherKeyword[]>([]);
  const [version, setVersion] = useState<number>();
  const [stale, setStale] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const [baseline, setBaseline] = useState<string>();
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
        setRuleName(rule.ruleName ?? '');
        setOthers(rule.keywords.map((k) => ({ ...k })));
        setVersion(rule.version);
        setStale(undefined);
        setErrors({});
        setType(reply.type);
        setDrafts((d) => {
          const next = { ...d };
          if (reply.type === 'music') next.music = { ...d.music, ...reply.content, hqMusicUrl: reply.content.hqMusicUrl ?? '', description: reply.content.description ?? '' };
          else if (reply.type === 'multitext') next.multitext = { articles: reply.content.articles.map((a) => ({ ...a, description: a.description ?? '' })) };
          else if (reply.type === 'video') next.video = { mediaId: reply.content.mediaId, title: reply.content.title ?? '', description: reply.content.description ?? '' };
          else (next[reply.type] as object) = { ...reply.content };
          return next;
        });
        setBaseline(undefined);
        setLoaded(true);
      })
      .catch((e: Error) => setLoadError(e.message));
  }, [appid, editing, reloads]);

  // Unsaved changes: what the form holds against what it held once loaded. Leaving, switching the
  // account or closing the tab then asks (router.ts), instead of dropping the work silently.
  const snapshot = JSON.stringify([keyword, match, ruleName, others, type, drafts]);
  useEffect(() => {
    if (loaded && baseline === undefined) setBaseline(snapshot);
  }, [loaded, baseline, snapshot]);
  const dirty = baseline !== undefined && snapshot !== baseline;
  useEffect(() => setUnsaved(dirty ? t('unsaved.leave') : undefined), [dirty]);
  useEffect(() => () => setUnsaved(undefined), []);
  const setOther = (index: number, patch: Partial<OtherKeyword>) => (setOthers((list) => list.map((k, i) => (i === index ? { ...k, ...patch } : k))), setErrors({}));
  const keywordErrors = useMemo(() => Object.entries(errors).filter(([k]) => k.startsWith('keywords')), [errors]);

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
    const input = {
      appid,
      type,
      reply: content,
      request: keyword,
      match,
      ...(!reserved && ruleName.trim() ? { ruleName } : {}),
      ...(!reserved && others.length ? { keywords: others } : {}),
      ...(editing && version !== undefined ? { version } : {}),
    };
    const found = { ...(schemaErrors(ReplyRuleInput, input) ?? {}), ...contentErrors(type, content) };
    if (Object.keys(found).length) return setErrors(found);
    setBusy(true);
    try {
      await call(editing ? 'replies.update' : 'replies.add', input);
      setUnsaved(undefined);
      toast(t('replies.saved'));
      navigate('/replies', { appid, ...(reserved ? { section: keyword.startsWith('@default') ? 'default' : 'subscribe' } : {}) });
    } catch (error) {
      // Saved elsewhere since this editor loaded the rule: say so, and offer the latest (no silent overwrite).
      if (error instanceof ApiError && error.errcode === 40902) setStale(error.detail);
      else if (error instanceof ApiError && error.path) {
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
      <h1>
        {keyword === '@subscribe' ? t('replies.section.subscribe') : keyword === '@default' ? t('replies.section.default') : editing ? t('replies.editTitle', { keyword: editing }) : t('replies.newTitle')}
      </h1>
      {stale && (
        <div class="alert alert--warning stale" role="alert">
          <span>{stale}</span>
          <button type="button" class="button button--primary" onClick={() => (setUnsaved(undefined), setReloads((n) => n + 1))}>
            {t('replies.reload')}
          </button>
        </div>
      )}
      <div class="editor">
        <form onSubmit={save} noValidate class="card">
          <FormError error={errors['_form']} />
          {reserved ? (
            <p class="muted">{keyword.startsWith('@default') ? t('replies.defaultHint') : t('replies.subscribeHint')}</p>
          ) : (
            <>
              <Field label={`${t('replies.ruleName')}${t('common.optional')}`} name="ruleName" value={ruleName} onValue={(v) => (setRuleName(v), setErrors({}))} error={e('ruleName')} autoComplete="off" />
              <fieldset class="keywords">
                <legend>{t('replies.keywords')}</legend>
                <Field label={t('replies.keyword')} name="request" value={keyword} onValue={(v) => (setKeyword(v), setErrors({}))} error={e('request')} readOnly={Boolean(editing)} autoComplete="off" />
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
                {others.map((k, i) => (
                  <div class="keyword-row" key={i}>
                    <Field label={t('replies.keywordN', { n: i + 2 })} name={`keywords[${i}].keyword`} value={k.keyword} onValue={(v) => setOther(i, { keyword: v })} error={e(`keywords[${i}].keyword`)} autoComplete="off" />
                    <label class="keyword-row__match">
                      <span>{t('replies.match')}</span>
                      <select name={`keywords[${i}].match`} value={k.match} onChange={(ev) => setOther(i, { match: (ev.target as HTMLSelectElement).value as 'exact' | 'contains' })}>
                        {(['exact', 'contains'] as const).map((m) => (
                          <option value={m} key={m}>
                            {t(`match.${m}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <button type="button" class="button button--small button--ghost" onClick={() => (setOthers((list) => list.filter((_, j) => j !== i)), setErrors({}))}>
                      {t('replies.removeKeyword', { n: i + 2 })}
                    </button>
                  </div>
                ))}
                {keywordErrors
                  .filter(([k]) => k === 'keywords')
                  .map(([k, text]) => (
                    <p class="field__error" role="alert" key={k}>
                      {text}
                    </p>
                  ))}
                {others.length < 9 && (
                  <button type="button" class="button button--ghost" onClick={() => (setOthers((list) => [...list, { keyword: '', match: 'exact' }]), setErrors({}))}>
                    {t('replies.addKeyword')}
                  </button>
                )}
                <p class="muted small">{t('replies.keywordsHint')}</p>
              </fieldset>
            </>
          )}
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
            <a class="button button--ghost" href={href('/replies', { appid, ...(reserved ? { section: keyword.startsWith('@default') ? 'default' : 'subscribe' } : {}) })}>
              {t('common.cancel')}
            </a>
          </div>
        </form>
        <ChatPreview appid={appid} keyword={keyword} reply={draft} />
      </div>
    </div>
  );
};
