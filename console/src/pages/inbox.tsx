import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { useBlobUrl } from '../blob-url';
import type { Output } from '../contract';
import { Field } from '../components/Field';
import { MaterialName } from '../components/MaterialName';
import { MediaPicker } from '../components/MediaPicker';
import { useMaterialNames, type KnownMaterial } from '../material-names';
import { happenedOrder } from '../../../src/inbox/order';
import { Alert, toast } from '../components/Toast';
import { describeEvent, isMenuTap } from '../inbox-event';
import { useMenuNames } from '../menu-names';
import { t } from '../i18n';
import { href, setParams } from '../router';
import type { PageProps } from './types';

/**
 * The message inbox (消息管理): newest first with unhandled ones first, filters in the URL, paging by
 * the API's cursor; `?openid=` opens one follower's thread as a chat, with the reply box and
 * WeChat's 48-hour window. Media comes through the platform's media route with the Authorization
 * header, shown from blob URLs (no token in any URL).
 */
type Message = Output<'inbox.list'>['messages'][number];
type Window = Output<'inbox.conversation'>['window'];
const types = ['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event'] as const;
const pageSize = 20;

const when = (epoch: number) => new Date(epoch * 1000).toLocaleString();

const typeName = (msgType: string) => t(`inbox.type.${msgType as (typeof types)[number]}`) ?? msgType;

const describe = (m: Message, buttonNames?: ReadonlyMap<string, string>): string => {
  if (m.content) return m.content;
  if (m.msgType === 'event') return describeEvent(m.event, m.eventKey, buttonNames);
  if (m.link) return m.link.title;
  if (m.location) return m.location.label ?? `${m.location.x}, ${m.location.y}`;
  // A voice shows what WeChat recognised in it; a voice or video never shows its media id.
  if (m.recognition) return `[${typeName(m.msgType)}] ${m.recognition}`;
  return typeName(m.msgType);
};

type Materials = Map<string, KnownMaterial> | undefined;
const mediaKinds = ['image', 'voice', 'video'] as const;
const isMediaKind = (type: string | undefined): type is (typeof mediaKinds)[number] => (mediaKinds as readonly string[]).includes(type ?? '');

/**
 * What the account sent, as a person reads it: a text's words, a material by its file name and
 * thumbnail (never its media id), a news reply by its titles.
 */
const SentBody = (props: { appid: string; type: string | undefined; text?: string | undefined; mediaId?: string | undefined; title?: string | undefined; materials: Materials }) => {
  const { type } = props;
  if (isMediaKind(type)) {
    return props.mediaId ? (
      <MaterialName appid={props.appid} mediaId={props.mediaId} kind={type} known={props.materials} title={props.title} />
    ) : (
      <span>{props.title ? `[${t(`type.${type}`)}] ${props.title}` : t(`type.${type}`)}</span>
    );
  }
  if (type === 'news' || type === 'multitext') return <span>{`[${t('type.multitext')}] ${(props.text ?? '').replace(/^news \(\d+\): /, '')}`}</span>;
  if (type === 'music') return <span>{`[${t('type.music')}] ${(props.text ?? '').replace(/^music /, '')}`}</span>;
  return <span>{props.text ?? ''}</span>;
};

/** A follower's message's automatic answer (a passive reply, or one sent late as a customer-service message). */
const answered = (m: Message) => m.direction === 'in' && (m.answer?.kind === 'passive' || m.answer?.kind === 'custom') && Boolean(m.answer.summary || m.answer.mediaId);

const usesMaterial = (m: Message) => Boolean(m.answer?.mediaId || (m.direction === 'out' && m.mediaId));

const AnswerBody = ({ appid, m, materials }: { appid: string; m: Message; materials: Materials }) => (
  <SentBody appid={appid} type={m.answer?.replyType} text={m.answer?.summary} mediaId={m.answer?.mediaId} title={m.answer?.title} materials={materials} />
);

/** A follower's photo, through the platform (inbox.media), shown from a blob: URL. */
const MediaImage = ({ appid, id, alt }: { appid: string; id: string; alt: string }) => {
  const state = useBlobUrl('inbox.media', { appid, id });
  const [broken, setBroken] = useState<string>();
  if (state.kind === 'failed' || state.kind === 'tooLarge' || (state.kind === 'shown' && broken === state.url)) return <span class="muted">{t('inbox.mediaFailed')}</span>;
  return state.kind === 'shown' ? <img class="inbox__image" src={state.url} alt={alt} onError={() => setBroken(state.url)} /> : <span class="muted">{t('common.loading')}</span>;
};

export const InboxPage = (props: PageProps) => (props.params.get('openid') ? <Thread {...props} /> : <List {...props} />);

const List = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const msgType = params.get('type') ?? '';
  const keyword = params.get('q') ?? '';
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [data, setData] = useState<Output<'inbox.list'>>();
  const [error, setError] = useState<string>();
  const cursor = cursors[cursors.length - 1];

  const load = () =>
    call('inbox.list', {
      appid,
      limit: pageSize,
      unhandledFirst: true,
      ...(msgType ? { msgType: msgType as (typeof types)[number] } : {}),
      ...(keyword.trim() ? { keyword: keyword.trim() } : {}),
      ...(cursor ? { next: cursor } : {}),
    })
      .then((r) => (setData(r), setError(undefined)))
      .catch((e: Error) => setError(e.message));
  // Listed only when a message's answer sent a material (each listing is a call to WeChat).
  const materials = useMaterialNames(appid, Boolean(data?.messages.some(usesMaterial)));
  const buttonNames = useMenuNames(appid, Boolean(data?.messages.some(isMenuTap)));
  useEffect(() => setCursors([undefined]), [appid, msgType, keyword]);
  useEffect(() => void load(), [appid, msgType, keyword, cursor]);

  const markHandled = async (m: Message) => {
    try {
      await call('inbox.markHandled', { appid, ids: [m.id], handled: true });
      toast(t('inbox.markedHandled'));
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div class="page">
      <h1>{t('inbox.title')}</h1>
      <p class="muted">{t('inbox.hint')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <div class="toolbar">
        <Field kind="select" label={t('inbox.filterType')} name="type" value={msgType} onValue={(v) => setParams({ type: v || undefined })}>
          <option value="">{t('inbox.allTypes')}</option>
          {types.map((ty) => (
            <option key={ty} value={ty}>
              {t(`inbox.type.${ty}`)}
            </option>
          ))}
        </Field>
        <Field type="search" label={t('inbox.keyword')} name="q" value={keyword} onValue={(v) => setParams({ q: v || undefined })} />
      </div>
      {!data ? (
        <p class="loading">{t('common.loading')}</p>
      ) : data.messages.length === 0 ? (
        <p class="muted">{msgType || keyword ? t('inbox.noMatch') : t('inbox.empty')}</p>
      ) : (
        <ul class="inbox">
          {data.messages.map((m) => (
            <li key={m.id} class={`inbox__item card${m.handled ? ' is-handled' : ''}`}>
              <div class="inbox__meta">
                <a href={href('/inbox', { appid, openid: m.openid })}>{m.openid}</a>
                <span class="muted">
                  {typeName(m.msgType)} · {when(m.createTime)}
                </span>
                <span class={`badge${m.handled ? '' : ' badge--new'}`}>{m.handled ? t('inbox.handled') : t('inbox.unhandled')}</span>
              </div>
              <p class="inbox__text">{m.msgType === 'image' ? <MediaImage appid={appid} id={m.id} alt={t('inbox.type.image')} /> : describe(m, buttonNames)}</p>
              {answered(m) && (
                <p class="muted">
                  {t('inbox.autoReply')}: <AnswerBody appid={appid} m={m} materials={materials} />
                </p>
              )}
              <div class="actions">
                <a class="button button--small" href={href('/inbox', { appid, openid: m.openid })}>
                  {t('inbox.open')}
                </a>
                {!m.handled && (
                  <button type="button" class="button button--small button--ghost" onClick={() => markHandled(m)}>
                    {t('inbox.markHandled')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <nav class="pager" aria-label={t('inbox.title')}>
        <button type="button" class="button button--ghost" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('common.prev')}
        </button>
        <span aria-live="polite">{t('inbox.page', { page: cursors.length })}</span>
        <button type="button" class="button button--ghost" disabled={!data?.next} onClick={() => setCursors([...cursors, data!.next])}>
          {t('common.next')}
        </button>
      </nav>
    </div>
  );
};

/** "47 小时内" / "1 分钟内": whole hours left (never more than is true), minutes in the last hour. */
const timeLeft = (until: number) => {
  const seconds = Math.max(0, until - Math.floor(Date.now() / 1000));
  return seconds >= 3600 ? t('inbox.quotaHours', { hours: Math.floor(seconds / 3600) }) : t('inbox.quotaMinutes', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
};

/** What WeChat's customer-service quota still allows: a line per live quota, or why none is left. */
const WindowNote = ({ window }: { window: Window }) =>
  window.state === 'open' ? (
    <div class="alert alert--info" role="status">
      {window.grants
        .filter((g) => g.left > 0)
        .map((g) => (
          <p key={`${g.scene}${g.at}`}>
            {t('inbox.quotaLeft', { count: g.left, within: timeLeft(g.until) })}
            {t(g.scene === 'message' ? 'inbox.quotaAfterMessage' : 'inbox.quotaAfterEvent')}
          </p>
        ))}
    </div>
  ) : window.state === 'usedUp' ? (
    <p class="alert alert--error" role="status">
      {t('inbox.quotaUsedUp')}
    </p>
  ) : window.state === 'closed' ? (
    <p class="alert alert--error" role="status">
      {t('inbox.windowClosed')}
    </p>
  ) : (
    <p class="muted">{t('inbox.windowUnknown')}</p>
  );

/** The follower's and the account's sides, as WeChat draws a conversation: each with its avatar and name. */
const Row = (props: { side: 'in' | 'out'; accountName: string; label?: string; children: preact.ComponentChildren; time: number }) => (
  <li class={`chat__row chat__row--${props.side}`} data-side={props.side === 'in' ? 'follower' : 'account'}>
    <span class="chat__avatar" aria-hidden="true" title={props.side === 'in' ? t('preview.follower') : props.accountName}>
      {props.side === 'in' ? t('preview.followerAvatar') : Array.from(props.accountName)[0]}
    </span>
    <div class="chat__stack">
      <span class="chat__who">
        {props.side === 'in' ? t('preview.follower') : props.accountName}
        {props.label ? ` · ${props.label}` : ''}
      </span>
      <div class="chat__bubble">
        {props.children}
        <time class="chat__time">{when(props.time)}</time>
      </div>
    </div>
  </li>
);

const Thread = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const openid = params.get('openid')!;
  const [data, setData] = useState<Output<'inbox.conversation'>>();
  const [error, setError] = useState<string>();
  const [kind, setKind] = useState<'text' | 'image'>('text');
  const [text, setText] = useState('');
  const [mediaId, setMediaId] = useState('');
  const [replyError, setReplyError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [ruleFrom, setRuleFrom] = useState<Message>();

  const load = () =>
    call('inbox.conversation', { appid, openid, limit: 50 })
      .then(setData)
      .catch((e: Error) => setError(e.message));
  useEffect(() => void load(), [appid, openid]);

  const send = async (event: Event) => {
    event.preventDefault();
    setReplyError(undefined);
    if (kind === 'text' && !text.trim()) return setReplyError(t('err.required'));
    if (kind === 'image' && !mediaId) return setReplyError(t('err.required'));
    setBusy(true);
    try {
      await call('inbox.reply', kind === 'text' ? { appid, openid, type: 'text', content: text } : { appid, openid, type: 'image', mediaId });
      setText('');
      toast(t('inbox.sent'));
      const unhandled = (data?.messages ?? []).filter((m) => m.direction === 'in' && !m.handled).map((m) => m.id);
      if (unhandled.length) await call('inbox.markHandled', { appid, ids: unhandled.slice(0, 100), handled: true }).catch(() => undefined);
      await load();
    } catch (e) {
      setReplyError(e instanceof ApiError ? e.detail : (e as Error).message);
      // WeChat knew better than the page (quota used up, window closed): show what is left now.
      if (e instanceof ApiError && (e.errcode === 42910 || e.errcode === 40901)) await load();
    } finally {
      setBusy(false);
    }
  };
  const closed = data?.window.state === 'closed' || data?.window.state === 'usedUp';
  // In the order things happened, whatever order they arrived or were keyed in (src/inbox/order.ts).
  const thread = [...(data?.messages ?? [])].sort(happenedOrder);
  const materials = useMaterialNames(appid, Boolean(data?.messages.some(usesMaterial)));
  const buttonNames = useMenuNames(appid, Boolean(data?.messages.some(isMenuTap)));
  const accountName = account!.nickname || t('preview.account');

  return (
    <div class="page">
      <p>
        <a href={href('/inbox', { appid })}>← {t('inbox.title')}</a>
      </p>
      <h1 class="inbox__heading">{t('inbox.thread', { openid })}</h1>
      {error && <Alert kind="error">{error}</Alert>}
      {!data ? (
        <p class="loading">{t('common.loading')}</p>
      ) : (
        <div class="editor">
          <section class="chat" aria-labelledby="inbox-thread">
            <h2 id="inbox-thread" class="chat__title">
              {t('inbox.conversation')}
            </h2>
            <ol class="chat__list">
              {thread.flatMap((m) =>
                m.direction === 'out'
                  ? [
                      <Row side="out" accountName={accountName} key={m.id} time={m.createTime} label={t('inbox.sentByConsole')}>
                        <span class="visually-hidden">{accountName}: </span>
                        <p class="chat__text">
                          <SentBody appid={appid} type={m.msgType} text={m.content ?? m.title} mediaId={m.mediaId} title={m.title} materials={materials} />
                        </p>
                      </Row>,
                    ]
                  : [
                      <Row side="in" accountName={accountName} key={m.id} time={m.createTime}>
                        <span class="visually-hidden">{t('preview.follower')}: </span>
                        {m.msgType === 'image' ? <MediaImage appid={appid} id={m.id} alt={t('inbox.type.image')} /> : <p class="chat__text">{describe(m, buttonNames)}</p>}
                        {m.msgType === 'text' && m.content && (
                          <button type="button" class="button button--small button--ghost" onClick={() => setRuleFrom(m)}>
                            {t('inbox.makeRule')}
                          </button>
                        )}
                      </Row>,
                      ...(answered(m)
                        ? [
                            <Row side="out" accountName={accountName} key={`${m.id}-answer`} time={m.createTime} label={t('inbox.autoReply')}>
                              <span class="visually-hidden">{accountName}: </span>
                              <p class="chat__text">
                                <AnswerBody appid={appid} m={m} materials={materials} />
                              </p>
                            </Row>,
                          ]
                        : []),
                    ],
              )}
            </ol>
          </section>
          <div>
            <form class="card" onSubmit={send} noValidate>
              <h2>{t('inbox.reply')}</h2>
              <WindowNote window={data.window} />
              <fieldset disabled={closed}>
                <legend>{t('inbox.replyType')}</legend>
                <div class="radios">
                  {(['text', 'image'] as const).map((k) => (
                    <label key={k}>
                      <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                      {t(`inbox.type.${k}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              {kind === 'text' ? (
                <Field kind="textarea" rows={3} label={t('inbox.replyText')} name="content" value={text} onValue={setText} error={replyError} disabled={closed} />
              ) : (
                <MediaPicker appid={appid} type="image" label={t('reply.media')} name="mediaId" value={mediaId} onValue={setMediaId} error={replyError} />
              )}
              <button type="submit" class="button button--primary" disabled={busy || closed}>
                {t('inbox.send')}
              </button>
            </form>
            {ruleFrom && <QuickRule appid={appid} message={ruleFrom} onDone={() => setRuleFrom(undefined)} />}
          </div>
        </div>
      )}
    </div>
  );
};

/** "Make this a rule": a text rule whose keyword is the follower's message. */
const QuickRule = ({ appid, message, onDone }: { appid: string; message: Message; onDone: () => void }) => {
  const [keyword, setKeyword] = useState(message.content ?? '');
  const [reply, setReply] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async (event: Event) => {
    event.preventDefault();
    if (!reply.trim()) return setErrors({ content: t('err.required') });
    try {
      await call('replies.add', { appid, type: 'text', reply: { content: reply }, request: keyword, match: 'exact' });
      toast(t('inbox.ruleSaved', { keyword }));
      onDone();
    } catch (e) {
      const field = e instanceof ApiError && e.field === 'request' ? 'request' : 'content';
      setErrors({ [field]: e instanceof ApiError ? e.detail : (e as Error).message });
    }
  };
  return (
    <form class="card" onSubmit={save} noValidate>
      <h2>{t('inbox.makeRule')}</h2>
      <Field label={t('replies.keyword')} name="request" value={keyword} onValue={setKeyword} error={errors['request']} />
      <Field kind="textarea" rows={3} label={t('reply.content')} name="ruleContent" value={reply} onValue={setReply} error={errors['content']} />
      <div class="actions">
        <button type="submit" class="button button--primary">
          {t('common.save')}
        </button>
        <button type="button" class="button button--ghost" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
};
