import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../../src/core/messages/texts';
import { checkTemplateData, type ValueProblem } from '../../../src/templates/keyword-values';
import { ApiError, call } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import type { AccountDetail, Group, Output } from '../contract';
import type { Errors } from '../form';
import { language, t, type MessageKey } from '../i18n';
import { beijingTime } from '../publishing';

/** A tag's name from the account's tags, its id when it is gone. */
const tagName = (tags: { id: number; name: string }[], id: number): string => tags.find((g) => g.id === id)?.name ?? String(id);
import type { PageProps } from './types';

/**
 * 模板消息 (docs/templates.md): the account's templates, adding one from WeChat's library, sending
 * one to a follower or a tag, and the sends' history with their outcomes. Values are checked while
 * typing by the API's own checker (src/templates/keyword-values.ts, pure), worded from the same text
 * table, so the console refuses exactly what the API would before anything reaches WeChat.
 */
type Template = Output<'templates.list'>['templates'][number];
type Keyword = Template['keywords'][number];
type Send = Output<'templates.listSends'>['sends'][number];

const typeNames = new Set(['thing', 'character_string', 'number', 'letter', 'symbol', 'time', 'date', 'amount', 'phone_number', 'car_number', 'name', 'phrase', 'const']);
const typeName = (type: string): string => (typeNames.has(type) ? t(`templates.type.${type}` as MessageKey) : type);

/** A keyword's rule worded with its own label (商品名称…), not the request path's. */
const problemText = (problem: Pick<ValueProblem, 'rule' | 'limit' | 'given'>, keyword: Keyword | undefined): string =>
  describeError(40000, { ...problem, field: keyword?.label ?? '' }, language()) ?? t('err.format');

/** Why the account cannot use template messages, from the capability's `need` (40302's rule). */
const cannotText = (need: string | undefined): string =>
  need === 'serviceAccount' ? t('templates.cannot.serviceAccount') : need === 'verification' ? t('templates.cannot.verification') : t('templates.cannot.other');

const splitNames = (text: string): string[] =>
  text
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** 我的模板 and 从模板库添加. */
const MyTemplates = ({ appid, list, onChange }: { appid: string; list: Template[]; onChange: () => void }) => {
  const [short, setShort] = useState('');
  const [names, setNames] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [added, setAdded] = useState<Template>();
  const [removing, setRemoving] = useState<Template>();
  const [busy, setBusy] = useState(false);

  const add = async (event: Event) => {
    event.preventDefault();
    setAdded(undefined);
    const found: Errors = {};
    if (!short.trim()) found['templateIdShort'] = t('err.required');
    if (!splitNames(names).length) found['keywordNames'] = t('err.required');
    setErrors(found);
    if (Object.keys(found).length || busy) return;
    setBusy(true);
    try {
      const { template } = await call('templates.add', { appid, templateIdShort: short.trim(), keywordNames: splitNames(names) });
      setAdded(template);
      setShort('');
      setNames('');
      onChange();
    } catch (error) {
      const e = error as ApiError;
      const field = e.field === 'templateIdShort' || e.field === 'keywordNames' ? e.field : '_form';
      setErrors({ [field]: e.errcode === -1 ? t('err.network') : e.message });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    const template = removing!;
    setRemoving(undefined);
    try {
      await call('templates.delete', { appid, templateId: template.templateId });
      toast(t('templates.deleted', { title: template.title }));
      onChange();
    } catch (error) {
      toast((error as Error).message);
    }
  };

  return (
    <section class="card" aria-labelledby="tpl-mine">
      <h2 id="tpl-mine">{t('templates.mine')}</h2>
      {list.length === 0 && <p class="muted">{t('templates.none')}</p>}
      <ul class="template-list" style={{ listStyle: 'none', padding: 0, display: 'grid', gap: '1rem' }}>
        {list.map((tpl) => (
          <li key={tpl.templateId} data-template={tpl.templateId}>
            <h3>{tpl.title}</h3>
            <p class="muted">
              {t('templates.industry', { industry: [tpl.primaryIndustry, tpl.deputyIndustry].filter(Boolean).join(' / ') || '—' })}
            </p>
            <dl class="facts">
              {tpl.keywords.map((k) => (
                <Fragment key={k.key}>
                  <dt>{k.label}</dt>
                  <dd>
                    <code>{`{{${k.key}.DATA}}`}</code> {typeName(k.type)}
                  </dd>
                </Fragment>
              ))}
            </dl>
            <button type="button" class="button button--ghost" onClick={() => setRemoving(tpl)}>
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('templates.addTitle')}</h3>
      <form onSubmit={add} noValidate>
        <FormError error={errors['_form']} />
        <Field label={t('templates.templateIdShort')} name="templateIdShort" value={short} maxLength={32} onValue={(v) => (setShort(v), setErrors(({ templateIdShort: _d, ...rest }) => rest))} error={errors['templateIdShort']} hint={t('templates.templateIdShortHint')} />
        <Field label={t('templates.keywordNames')} name="keywordNames" value={names} onValue={(v) => (setNames(v), setErrors(({ keywordNames: _d, ...rest }) => rest))} error={errors['keywordNames']} hint={t('templates.keywordNamesHint')} />
        <button type="submit" class="button button--primary" disabled={busy}>
          {t('templates.add')}
        </button>
      </form>
      {added && <Alert kind="success">{t('templates.added', { title: added.title })}</Alert>}
      <ConfirmDialog open={removing !== undefined} message={t('templates.deleteConfirm', { title: removing?.title ?? '' })} onConfirm={() => void remove()} onCancel={() => setRemoving(undefined)} />
    </section>
  );
};

/** 发送: one input per keyword, checked while typing; one follower or one tag. */
const SendForm = ({ appid, list, groups, onSent }: { appid: string; list: Template[]; groups: Group[]; onSent: () => void }) => {
  const [templateId, setTemplateId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [target, setTarget] = useState<'openid' | 'tag'>('openid');
  const [openid, setOpenid] = useState('');
  const [tagId, setTagId] = useState('');
  const [url, setUrl] = useState('');
  const [apiErrors, setApiErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Send>();

  const template = list.find((x) => x.templateId === templateId) ?? list[0];
  // Tags only: 0 未分组 and 1 黑名单 are no audience; the send takes tags from 2 (星标组) on.
  const tags = groups.filter((g) => g.id >= 2);

  const data = Object.fromEntries((template?.keywords ?? []).map((k) => [k.key, { value: values[k.key] ?? '' }]));
  // While typing only filled fields speak; an empty one is named when the form is sent.
  const problems = template ? checkTemplateData(template.content, data).filter((p) => submitted || p.rule !== 'template.valueRequired') : [];
  const localErrors: Errors = {};
  for (const p of problems) {
    const key = /^data\.(\w+)/.exec(p.field)?.[1] ?? '';
    localErrors[`data.${key}`] ??= problemText(p, template?.keywords.find((k) => k.key === key));
  }
  if (submitted && target === 'openid' && !openid.trim()) localErrors['openid'] = t('err.required');
  if (submitted && target === 'tag' && !tagId) localErrors['tagId'] = t('err.required');
  const errors: Errors = { ...apiErrors, ...localErrors };

  const change = (name: string, set: () => void) => {
    set();
    setApiErrors(({ [name]: _d, ...rest }) => rest);
  };

  const send = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    setAnswer(undefined);
    if (!template || busy) return;
    const all = checkTemplateData(template.content, data);
    if (all.length || (target === 'openid' ? !openid.trim() : !tagId)) return;
    setBusy(true);
    try {
      const res = await call('templates.send', {
        appid,
        templateId: template.templateId,
        ...(target === 'openid' ? { openid: openid.trim() } : { tagId: Number(tagId) }),
        data,
        ...(url.trim() ? { url: url.trim() } : {}),
      });
      setAnswer(res.send);
      setApiErrors({});
      onSent();
    } catch (error) {
      const e = error as ApiError;
      const found: Errors = {};
      const listed = (e.answer?.['problems'] as ValueProblem[] | undefined) ?? [];
      for (const p of listed) {
        const key = /^data\.(\w+)/.exec(p.field)?.[1];
        if (key) found[`data.${key}`] ??= problemText(p, template.keywords.find((k) => k.key === key));
      }
      if (!listed.length) {
        const field = e.field === 'openid' || e.field === 'tagId' || e.field === 'url' ? e.field : '_form';
        found[field] = e.errcode === -1 ? t('err.network') : e.message;
      }
      setApiErrors(found);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="tpl-send">
      <h2 id="tpl-send">{t('templates.send')}</h2>
      {!template ? (
        <p class="muted">{t('templates.sendNeedsTemplate')}</p>
      ) : (
        <form onSubmit={send} noValidate>
          <FormError error={errors['_form']} />
          <Field kind="select" label={t('templates.pick')} name="templateId" value={template.templateId} onValue={(v) => (setTemplateId(v), setValues({}), setApiErrors({}), setSubmitted(false))}>
            {list.map((x) => (
              <option key={x.templateId} value={x.templateId}>
                {x.title}
              </option>
            ))}
          </Field>
          {template.keywords.map((k) => (
            <Field
              key={`${template.templateId}-${k.key}`}
              label={t('templates.keywordLabel', { label: k.label, type: typeName(k.type) })}
              name={`data.${k.key}`}
              value={values[k.key] ?? ''}
              onValue={(v) => change(`data.${k.key}`, () => setValues((all) => ({ ...all, [k.key]: v })))}
              error={errors[`data.${k.key}`]}
              // The rule as a hint until it is broken; then the same words say so, once.
              hint={errors[`data.${k.key}`] ? undefined : problemText({ rule: k.rule, limit: k.limit }, k)}
            />
          ))}
          <fieldset>
            <legend>{t('templates.target')}</legend>
            <div class="radios">
              <label>
                <input type="radio" name="target" checked={target === 'openid'} onChange={() => setTarget('openid')} />
                {t('templates.target.openid')}
              </label>
              <label>
                <input type="radio" name="target" checked={target === 'tag'} onChange={() => setTarget('tag')} />
                {t('templates.target.tag')}
              </label>
            </div>
          </fieldset>
          {target === 'openid' ? (
            <Field label={t('templates.openid')} name="openid" value={openid} spellcheck={false} onValue={(v) => change('openid', () => setOpenid(v))} error={errors['openid']} />
          ) : (
            <Field kind="select" label={t('templates.tag')} name="tagId" value={tagId} onValue={(v) => change('tagId', () => setTagId(v))} error={errors['tagId']}>
              <option value="">{t('templates.tagPick')}</option>
              {tags.map((g) => (
                <option key={g.id} value={String(g.id)}>
                  {t('templates.tagOption', { name: g.name, count: g.count })}
                </option>
              ))}
            </Field>
          )}
          <Field type="url" inputMode="url" label={t('templates.url')} name="url" value={url} onValue={(v) => change('url', () => setUrl(v))} error={errors['url']} hint={t('templates.urlHint')} />
          <button type="submit" class="button button--primary" disabled={busy}>
            {t('templates.sendButton')}
          </button>
        </form>
      )}
      {answer && (
        <Alert kind="success">
          {t(answer.status === 'sending' ? 'templates.queued' : 'templates.sentNow', { recipients: answer.recipients, sent: answer.sent })}
        </Alert>
      )}
    </section>
  );
};

/** 发送记录: newest first, with WeChat's outcomes as TEMPLATESENDJOBFINISH brought them. */
const SendHistory = ({ sends, tags, onRefresh }: { sends: Send[]; tags: Group[]; onRefresh: () => void }) => (
  <section class="card" aria-labelledby="tpl-history">
    <h2 id="tpl-history">{t('templates.history')}</h2>
    <button type="button" class="button button--ghost" onClick={onRefresh}>
      {t('templates.refresh')}
    </button>
    {sends.length === 0 ? (
      <p class="muted">{t('templates.historyEmpty')}</p>
    ) : (
      <div class="table-scroll">
        <table class="stats-table">
          <thead>
            <tr>
              <th scope="col">{t('templates.col.time')}</th>
              <th scope="col">{t('templates.col.template')}</th>
              <th scope="col">{t('templates.col.target')}</th>
              <th scope="col">{t('templates.col.sent')}</th>
              <th scope="col">{t('templates.col.delivered')}</th>
              <th scope="col">{t('templates.col.refused')}</th>
              <th scope="col">{t('templates.col.failed')}</th>
              <th scope="col">{t('templates.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {sends.map((s) => (
              <tr key={s.sendId} data-send={s.sendId}>
                <td>{beijingTime(s.createdAt)}</td>
                <td>{s.title}</td>
                <td>{'openid' in s.target ? <code>{s.target.openid}</code> : 'segmentId' in s.target ? t('templates.targetSegment', { recipients: s.recipients }) : t('templates.targetTag', { name: tagName(tags, s.target.tagId), recipients: s.recipients })}</td>
                <td>{s.sent}</td>
                <td>{s.delivered}</td>
                <td>{s.refused}</td>
                <td>{s.failed}</td>
                <td>
                  {t(`templates.status.${s.status}`)}
                  {s.reason && <span class="muted"> {s.reasonText ?? s.reason}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
);

export const TemplatesPage = ({ account }: PageProps) => {
  const appid = account!.appid;
  const [detail, setDetail] = useState<AccountDetail | null>();
  const [list, setList] = useState<Template[]>();
  const [sends, setSends] = useState<Send[]>([]);
  const [tags, setTags] = useState<Group[]>([]);
  const [cannot, setCannot] = useState<string>();

  const loadTemplates = () =>
    call('templates.list', { appid }).then(
      (r) => setList(r.templates),
      (e: ApiError) => (e.errcode === 40302 ? setCannot(cannotText(e.answer['need'] as string | undefined)) : (setList([]), toast(e.message))),
    );
  const loadSends = () => call('templates.listSends', { appid, limit: 20 }).then((r) => setSends(r.sends), () => undefined);

  useEffect(() => {
    call('accounts.detail', { appid }).then(({ account: d }) => setDetail(d), () => setDetail(null));
  }, [appid]);
  // What the account is known to lack is said without asking WeChat; unknown (a direct binding) is WeChat's to answer.
  const capability = detail?.capabilities.find((c) => c.feature === 'templates');
  const refused = cannot ?? (capability?.allowed === false ? cannotText(capability.need) : undefined);
  useEffect(() => {
    if (detail === undefined || refused) return;
    void loadTemplates();
    void loadSends();
    call('groups.list', { appid }).then((r) => setTags(r.groups), () => undefined);
  }, [detail, refused]);
  // The history again in a language switched to: the API words why a send stopped in the request's.
  // (Before the account's detail has come, the effect above does the first read.)
  const lang = language();
  useEffect(() => {
    if (detail !== undefined && !refused) void loadSends();
  }, [lang]);

  return (
    <div class="page">
      <h1>{t('templates.title')}</h1>
      {refused ? (
        <Alert kind="info">{refused}</Alert>
      ) : !list ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <>
          <MyTemplates appid={appid} list={list} onChange={() => void loadTemplates()} />
          <SendForm appid={appid} list={list} groups={tags} onSent={() => void loadSends()} />
          <SendHistory sends={sends} tags={tags} onRefresh={() => void loadSends()} />
        </>
      )}
    </div>
  );
};
