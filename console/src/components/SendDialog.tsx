import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import type { Output } from '../contract';
import type { Errors } from '../form';
import { t } from '../i18n';
import { isNight, sendAtOf, sendAtProblem, sendLimitsAt, shanghaiLocal, type Send } from '../publishing';
import { navigate } from '../router';
import { Field, FormError } from './Field';
import { toast } from './Toast';

/**
 * 发表 a saved draft, as WeChat's back office offers it: 群发 (pushed to followers: all, or one tag)
 * or 发表 (published, not pushed); now or at a Beijing time 5 minutes to 30 days ahead; a preview
 * to one follower first. The limits are shown before sending (counted from our own history: WeChat
 * tells none beforehand), and the API's refusal lands beside the field it names.
 */
type Detail = Output<'accounts.detail'>['account'];
type Group = Output<'groups.list'>['groups'][number];
type Follower = { openid: string; remark: string };

const newRequestId = () => `console-${crypto.randomUUID()}`;

export const SendDialog = (props: { appid: string; mediaId: string; titles: string[]; onClose: () => void }) => {
  const { appid, mediaId } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [kind, setKind] = useState<'mass' | 'publish'>('mass');
  const [target, setTarget] = useState<'all' | 'tag'>('all');
  const [tagId, setTagId] = useState('');
  const [timing, setTiming] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState(() => shanghaiLocal(new Date(Date.now() + 3600_000)));
  const [openid, setOpenid] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [previewNote, setPreviewNote] = useState<string>();
  const [detail, setDetail] = useState<Detail>();
  const [sends, setSends] = useState<Send[]>([]);
  const [tags, setTags] = useState<Group[]>([]);
  const [followers, setFollowers] = useState<Follower[]>([]);
  // One key per send attempt: a retry after a lost answer is the same send, never a second one.
  const requestId = useRef(newRequestId());

  useEffect(() => {
    ref.current?.showModal();
    call('accounts.detail', { appid }).then(({ account }) => setDetail(account), () => undefined);
    call('content.listSends', { appid, limit: 50 }).then(({ sends: list }) => setSends(list), () => undefined);
    call('groups.list', { appid }).then(
      async ({ groups }) => {
        setTags(groups.filter((g) => g.id !== 0));
        // The preview's recipients: the followers the followers page lists (each group's first ones).
        const seen = new Map<string, Follower>();
        const lists = await Promise.all(groups.filter((g) => g.count > 0).slice(0, 10).map((g) => call('groups.users', { appid, groupId: g.id, limit: 50 }).catch(() => ({ users: [] }))));
        for (const u of lists.flatMap((l) => l.users)) seen.set(u.openid, { openid: u.openid, remark: u.remark });
        setFollowers([...seen.values()]);
        setOpenid((v) => v || [...seen.keys()][0] || '');
      },
      () => undefined,
    );
  }, [appid]);

  const service = detail?.serviceType?.id === 2;
  const subscription = detail?.serviceType !== undefined && !service;
  const massAllowed = detail?.capabilities.find((c) => c.feature === 'massSend')?.allowed !== false;
  const when = timing === 'later' && !sendAtProblem(at) ? new Date(Date.parse(sendAtOf(at))) : new Date();
  const used = sendLimitsAt(sends, when);
  const dayUsedUp = kind === 'mass' && subscription && used.sameDay >= 1;
  const monthUsedUp = kind === 'mass' && service && target === 'all' && used.toAllMonth >= 4;

  const check = (): Errors => {
    const found: Errors = {};
    if (kind === 'mass' && target === 'tag' && !tagId) found['tagId'] = t('send.tagRequired');
    if (timing === 'later') {
      const problem = sendAtProblem(at);
      if (problem) found['sendAt'] = t(`send.at.${problem}`);
    }
    return found;
  };

  const fieldOf = (error: ApiError): string => (error.field === 'sendAt' || error.field === 'tagId' || error.field === 'openid' ? error.field : '_form');

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const sendAt = timing === 'later' ? sendAtOf(at) : undefined;
      const common = { appid, mediaId, requestId: requestId.current, ...(sendAt ? { sendAt } : {}) };
      const answer =
        kind === 'publish'
          ? await call('content.publish', common)
          : await call('content.massSend', { ...common, ...(target === 'all' ? { toAll: true } : { tagId: Number(tagId) }) });
      toast(answer.send.status === 'scheduled' ? t('send.scheduled') : kind === 'publish' ? t('send.publishedNow') : t('send.sentNow'));
      ref.current?.close();
      navigate('/sends', { appid });
    } catch (error) {
      if (error instanceof ApiError) {
        // A lost answer keeps the same key, so pressing again finishes that send; any other refusal is a new attempt.
        if (error.errcode !== 50300) requestId.current = newRequestId();
        setErrors({ [fieldOf(error)]: error.errcode === -1 ? t('err.network') : error.detail });
      } else setErrors({ _form: String(error) });
    } finally {
      setBusy(false);
    }
  };

  const preview = async () => {
    setPreviewNote(undefined);
    if (!openid.trim()) return setErrors({ openid: t('send.previewPick') });
    setBusy(true);
    try {
      await call('content.previewMass', { appid, mediaId, openid: openid.trim() });
      setErrors({});
      setPreviewNote(t('send.previewSent'));
    } catch (error) {
      setErrors({ [error instanceof ApiError ? fieldOf(error) === 'openid' ? 'openid' : 'preview' : 'preview']: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    ref.current?.close();
    props.onClose();
  };
  const actionLabel = timing === 'later' ? (kind === 'mass' ? t('send.scheduleMass') : t('send.schedulePublish')) : kind === 'mass' ? t('send.massNow') : t('send.publishNow');
  return (
    <dialog ref={ref} class="dialog dialog--wide" aria-labelledby={headingId} onCancel={(e) => (e.preventDefault(), close())}>
      <form onSubmit={submit} noValidate>
        <h2 id={headingId}>{t('send.title')}</h2>
        <p class="muted small send-titles">{props.titles.filter(Boolean).join(' / ')}</p>
        <FormError error={errors['_form']} />
        <fieldset>
          <legend>{t('send.kind')}</legend>
          <div class="radios radios--stacked">
            <label>
              <input type="radio" name="kind" checked={kind === 'mass'} disabled={!massAllowed} onChange={() => setKind('mass')} />
              <span>
                <strong>{t('send.kind.mass')}</strong> <span class="muted small">{t('send.kind.massHint')}</span>
              </span>
            </label>
            <label>
              <input type="radio" name="kind" checked={kind === 'publish'} onChange={() => setKind('publish')} />
              <span>
                <strong>{t('send.kind.publish')}</strong> <span class="muted small">{t('send.kind.publishHint')}</span>
              </span>
            </label>
          </div>
          {!massAllowed && <p class="field__hint">{t('send.massNotAllowed')}</p>}
        </fieldset>
        {kind === 'mass' && (
          <fieldset>
            <legend>{t('send.target')}</legend>
            <div class="radios">
              <label>
                <input type="radio" name="target" checked={target === 'all'} onChange={() => setTarget('all')} />
                {t('send.target.all')}
              </label>
              <label>
                <input type="radio" name="target" checked={target === 'tag'} onChange={() => setTarget('tag')} />
                {t('send.target.tag')}
              </label>
            </div>
            {target === 'tag' && (
              <Field kind="select" label={t('send.tag')} name="tagId" value={tagId} onValue={(v) => (setTagId(v), setErrors({}))} error={errors['tagId']}>
                <option value="">{t('send.tagPick')}</option>
                {tags.map((g) => (
                  <option key={g.id} value={String(g.id)}>
                    {t('send.tagOption', { name: g.name, n: g.count })}
                  </option>
                ))}
              </Field>
            )}
          </fieldset>
        )}
        <fieldset>
          <legend>{t('send.when')}</legend>
          <div class="radios">
            <label>
              <input type="radio" name="timing" checked={timing === 'now'} onChange={() => (setTiming('now'), setErrors({}))} />
              {t('send.when.now')}
            </label>
            <label>
              <input type="radio" name="timing" checked={timing === 'later'} onChange={() => setTiming('later')} />
              {t('send.when.later')}
            </label>
          </div>
          {timing === 'later' && (
            <div class="field-row">
              <SendAtField value={at} onValue={(v) => (setAt(v), setErrors({}))} error={errors['sendAt']} />
            </div>
          )}
          {timing === 'later' && kind === 'mass' && target === 'all' && !sendAtProblem(at) && isNight(at) && <p class="alert alert--info">{t('send.nightNote')}</p>}
        </fieldset>
        {kind === 'mass' && (
          <div class="send-limits" aria-label={t('send.limits')} role="group">
            <p class="send-limits__title">{t('send.limits')}</p>
            <ul>
              {(subscription || !detail?.serviceType) && <li class={dayUsedUp ? 'is-used-up' : ''}>{dayUsedUp ? t('send.limit.dayUsedUp') : t('send.limit.day', { n: used.sameDay })}</li>}
              {(service || !detail?.serviceType) && target === 'all' && (
                <li class={monthUsedUp ? 'is-used-up' : ''}>{monthUsedUp ? t('send.limit.monthUsedUp') : t('send.limit.month', { n: used.toAllMonth })}</li>
              )}
              {target === 'tag' && <li>{t('send.limit.tag')}</li>}
              {target === 'all' && timing === 'now' && <li>{t('send.limit.protect')}</li>}
            </ul>
          </div>
        )}
        <div class="dialog__actions">
          <button type="button" class="button button--ghost" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={busy || dayUsedUp || (kind === 'mass' && !massAllowed)}>
            {actionLabel}
          </button>
        </div>
      </form>
      <section class="send-preview" aria-labelledby={`${headingId}-preview`}>
        <h3 id={`${headingId}-preview`}>{t('send.preview')}</h3>
        <p class="muted small">{t('send.previewHint')}</p>
        <div class="inline-form">
          {followers.length ? (
            <Field kind="select" label={t('send.previewTo')} name="openid" value={openid} onValue={(v) => (setOpenid(v), setErrors({}))} error={errors['openid']}>
              {followers.map((f) => (
                <option key={f.openid} value={f.openid}>
                  {f.remark ? `${f.remark}（${f.openid}）` : f.openid}
                </option>
              ))}
            </Field>
          ) : (
            <Field label={t('send.previewTo')} name="openid" value={openid} onValue={(v) => (setOpenid(v), setErrors({}))} error={errors['openid']} hint={t('send.previewNoFollowers')} autoComplete="off" spellcheck={false} />
          )}
          <button type="button" class="button" disabled={busy} onClick={() => void preview()}>
            {t('send.previewSend')}
          </button>
        </div>
        {errors['preview'] && (
          <p class="field__error" role="alert">
            {errors['preview']}
          </p>
        )}
        {previewNote && (
          <p class="alert alert--success" role="status">
            {previewNote}
          </p>
        )}
      </section>
    </dialog>
  );
};

/** The scheduled time, entered as Beijing time whatever the computer's own zone. */
const SendAtField = (props: { value: string; onValue: (v: string) => void; error?: string | undefined }) => {
  const id = useId();
  const now = Date.now();
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={id}>{t('send.at')}</label>
      <input
        id={id}
        name="sendAt"
        type="datetime-local"
        value={props.value}
        min={shanghaiLocal(new Date(now + 5 * 60_000))}
        max={shanghaiLocal(new Date(now + 30 * 24 * 3600_000))}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ''}`}
        onInput={(e) => props.onValue((e.target as HTMLInputElement).value)}
      />
      <p class="field__hint" id={`${id}-hint`}>
        {t('send.atHint')}
      </p>
      {props.error && (
        <p class="field__error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
};
