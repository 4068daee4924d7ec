import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../../src/core/messages/texts';
import { wechatLimits } from '../../../src/wechat/limits';
import { ApiError, call } from '../api';
import { changeMany, sceneName, tagName } from '../audience';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import type { Group, Output } from '../contract';
import { useForm } from '../form';
import { language, t, type MessageKey } from '../i18n';
import { zhCN } from '../i18n/zh-CN';
import { beijingTime } from '../publishing';
import { href } from '../router';
import type { PageProps } from './types';

/**
 * One follower as the directory knows them: tags (add, remove), remark (WeChat's limit checked
 * while typing), language, when and how they followed, the QR code they came by, their last
 * message and the conversation, the blacklist — and why there is no nickname or avatar.
 */
type Follower = Output<'audience.follower'>['follower'];
type Message = Output<'inbox.conversation'>['messages'][number];

const encoder = new TextEncoder();

/** The same words the API answers a too-long remark with (the error-text table), before it is sent. */
const remarkError = (remark: string): string | undefined => {
  const given = encoder.encode(remark.trim()).length;
  return given >= wechatLimits.remarkBytesBelow ? describeError(40000, { field: 'remark', rule: 'maxBytesBelow', limit: wechatLimits.remarkBytesBelow, given }, language()) : undefined;
};

const messageText = (m: Message): string => {
  const key = `inbox.type.${m.msgType}`;
  return m.content ?? t('follower.msgType', { type: key in zhCN ? t(key as MessageKey) : m.msgType });
};

/** WeChat's language codes (user/info `lang`: zh_CN, zh_TW, en) in words; another as its code. */
const languageName = (code: string) => {
  const key = `follower.lang.${code}`;
  return key in zhCN ? t(key as MessageKey) : <code>{code}</code>;
};

export const FollowerPage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const openid = params.get('openid') ?? '';
  const [follower, setFollower] = useState<Follower>();
  const [groups, setGroups] = useState<Group[]>();
  const [last, setLast] = useState<Message | null>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [addTag, setAddTag] = useState('');
  const [blocking, setBlocking] = useState(false);
  const [busy, setBusy] = useState(false);
  const remark = useForm({ remark: '' });

  useEffect(() => {
    call('audience.follower', { appid, openid }).then(
      (r) => (setFollower(r.follower), remark.setValues({ remark: r.follower.remark })),
      (e: Error) => setError(e instanceof ApiError && e.errcode === 40400 ? t('follower.notFound') : e.message),
    );
    call('groups.list', { appid }).then((r) => setGroups(r.groups.filter((g) => g.id > 1)), () => setGroups([]));
  }, [appid, openid, version]);
  useEffect(() => {
    // An account that keeps no inbox has no thread: the link is still offered.
    call('inbox.conversation', { appid, openid, limit: 1 }).then((r) => setLast(r.messages[0] ?? null), () => setLast(null));
  }, [appid, openid]);

  const change = async (kind: 'tag' | 'untag' | 'block' | 'unblock', tagId = 0) => {
    setBusy(true);
    const outcome = await changeMany(appid, kind, [openid], tagId);
    setBusy(false);
    if (outcome.failed) return setError(outcome.failed.reason);
    setError(undefined);
    if (kind === 'tag' || kind === 'untag') toast(t(kind === 'tag' ? 'follower.tagAdded' : 'follower.tagRemoved', { tag: tagName(tagId, groups) }));
    else toast(t(kind === 'block' ? 'directory.didBlock' : 'directory.didUnblock', { count: 1 }));
    setAddTag('');
    setVersion((v) => v + 1);
  };
  const typed = remarkError(remark.values.remark);
  const saveRemark = remark.submit(async () => {
    if (typed) return remark.setErrors({ remark: typed });
    await call('followers.updateRemark', { appid, openid, remark: remark.values.remark.trim() });
    toast(t('followers.remarkSaved'));
    setVersion((v) => v + 1);
  });

  const f = follower;
  return (
    <div class="page">
      <p>
        <a href={href('/followers', { appid })}>← {t('follower.back')}</a>
      </p>
      <h1>{t('follower.title')}</h1>
      <p class="muted">{t('follower.noNames')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!f && !error && <p class="loading">{t('common.loading')}</p>}
      {f && (
        <div class="split">
          <section class="card" aria-labelledby="follower-facts">
            <h2 id="follower-facts">{f.remark || t('directory.noRemark')}</h2>
            <dl class="facts">
              <dt>OpenID</dt>
              <dd>
                <code class="directory__openid">{f.openid}</code>
              </dd>
              <dt>{t('follower.status')}</dt>
              <dd>{f.subscribed ? t('follower.subscribed') : t('follower.unsubscribed', { time: f.unsubscribedAt ? beijingTime(f.unsubscribedAt * 1000) : '—' })}</dd>
              <dt>{t('follower.subscribeTime')}</dt>
              <dd>{f.subscribeTime ? beijingTime(f.subscribeTime * 1000) : '—'}</dd>
              <dt>{t('follower.scene')}</dt>
              <dd>{sceneName(f.subscribeScene)}</dd>
              <dt>{t('follower.qrScene')}</dt>
              <dd>{f.qrScene ? <a href={href('/qrcodes', { appid, scene: f.qrScene })}>{t('follower.qrSceneLink')} <code>{f.qrScene}</code></a> : '—'}</dd>
              <dt>{t('follower.language')}</dt>
              <dd>{f.language ? languageName(f.language) : <span class="muted">{t('follower.languageGone')}</span>}</dd>
              {f.unionid && (
                <>
                  <dt>UnionID</dt>
                  <dd>
                    <code>{f.unionid}</code>
                  </dd>
                </>
              )}
              <dt>{t('follower.blacklist')}</dt>
              <dd>
                {f.blocked ? <span class="badge badge--warning">{t('directory.blocked')}</span> : t('follower.notBlocked')}{' '}
                <button type="button" class="button button--link danger" disabled={busy || !f.subscribed} onClick={() => setBlocking(true)}>
                  {f.blocked ? t('directory.doUnblock') : t('directory.doBlock')}
                </button>
              </dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="follower-tags">
            <h2 id="follower-tags">{t('follower.tags')}</h2>
            <ul class="chips">
              {f.tags.length === 0 && <li class="muted">{t('follower.noTags')}</li>}
              {f.tags.map((id) => (
                <li class="chip" key={id}>
                  {tagName(id, groups)}
                  <button type="button" class="button button--link" disabled={busy} aria-label={t('follower.removeTag', { tag: tagName(id, groups) })} onClick={() => void change('untag', id)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <div class="follower__add">
              <Field kind="select" label={t('follower.addTag')} name="addTag" value={addTag} onValue={setAddTag} disabled={!f.subscribed}>
                <option value="" />
                {groups
                  ?.filter((g) => !f.tags.includes(g.id))
                  .map((g) => (
                    <option value={String(g.id)} key={g.id}>
                      {tagName(g.id, groups)}
                    </option>
                  ))}
              </Field>
              <button type="button" class="button button--primary button--small" disabled={busy || !addTag} onClick={() => void change('tag', Number(addTag))}>
                {t('common.add')}
              </button>
            </div>
            <form onSubmit={saveRemark} noValidate>
              <FormError error={remark.errors['_form']} />
              <Field
                label={t('followers.remark')}
                name="remark"
                value={remark.values.remark}
                onValue={(v) => remark.set('remark', v)}
                error={typed ?? remark.errors['remark']}
                hint={t('follower.remarkHint', { bytes: encoder.encode(remark.values.remark.trim()).length })}
              />
              <button type="submit" class="button button--primary button--small" disabled={remark.busy || !!typed || !f.subscribed}>
                {t('followers.saveRemark')}
              </button>
            </form>
            <h2 class="follower__thread">{t('follower.conversation')}</h2>
            <p>{last === undefined ? t('common.loading') : last ? t('follower.lastMessage', { time: beijingTime(last.createTime * 1000), text: messageText(last) }) : t('follower.noMessages')}</p>
            <a class="button button--ghost" href={href('/inbox', { appid, openid })}>
              {t('follower.openConversation')}
            </a>
          </section>
        </div>
      )}
      <ConfirmDialog
        open={blocking}
        message={t(f?.blocked ? 'directory.confirmUnblock' : 'directory.confirmBlock', { count: 1 })}
        confirmLabel={f?.blocked ? t('directory.doUnblock') : t('directory.doBlock')}
        onConfirm={() => (setBlocking(false), void change(f?.blocked ? 'unblock' : 'block'))}
        onCancel={() => setBlocking(false)}
      />
    </div>
  );
};
