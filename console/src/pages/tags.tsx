import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import type { Follower, Group } from '../contract';
import { useForm } from '../form';
import { t, type MessageKey } from '../i18n';
import { zhCN } from '../i18n/zh-CN';
import { setParams } from '../router';
import type { PageProps } from './types';

/**
 * Tags (WeChat's user tags, once groups): groups with their counts, create / rename / delete;
 * a group's followers a page at a time (WeChat's `next` cursor, kept in the URL as `after`);
 * move a follower to a group; set a remark. A follower shows what WeChat still answers (openid,
 * remark, tags, subscribe time and scene, language): no nickname or avatar since 2021.
 */
const ungrouped: Group = { id: 0, name: '', count: 0 };
/** WeChat's own tags (0 none, 1 the old blacklist, 2 starred) cannot be renamed or deleted. */
const builtIn = (id: number) => id <= 2;
const pageSize = 20;
const encoder = new TextEncoder();

/** WeChat names its own tags in Chinese whatever the language: the console names them itself. */
const groupName = (group: Pick<Group, 'id' | 'name'>) => (group.id === 0 ? t('followers.ungrouped') : group.id === 2 ? t('followers.starred') : group.name);

export const TagsPage = ({ account, params }: PageProps) => {
  const appid = account!.appid;
  const [groups, setGroups] = useState<Group[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [deleting, setDeleting] = useState<Group>();
  const reloadGroups = () => setVersion((v) => v + 1);
  const selectedId = Number(params.get('group') ?? 0) || 0;

  useEffect(() => {
    call('groups.list', { appid }).then(
      // The old blacklist (1) is not a group: WeChat keeps it apart from tags, and nothing moves into it.
      ({ groups }) => setGroups((groups.some((g) => g.id === 0) ? groups : [ungrouped, ...groups]).filter((g) => g.id !== 1)),
      (e: Error) => setError(e.message),
    );
  }, [appid, version]);

  const remove = async () => {
    const group = deleting!;
    setDeleting(undefined);
    try {
      await call('groups.delete', { appid, groupId: group.id });
      toast(t('followers.groupDeleted', { name: group.name }));
      if (selectedId === group.id) setParams({ group: undefined, after: undefined });
      reloadGroups();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const selected = groups?.find((g) => g.id === selectedId) ?? groups?.[0];
  return (
    <div class="page">
      <h1>{t('tags.title')}</h1>
      {error && <Alert kind="error">{error}</Alert>}
      <div class="split split--groups">
        <section class="card" aria-labelledby="groups-heading">
          <h2 id="groups-heading">{t('followers.groups')}</h2>
          <CreateGroup appid={appid} onCreated={reloadGroups} />
          {!groups ? (
            <p class="loading">{t('common.loading')}</p>
          ) : (
            <ul class="groups">
              {groups.map((g) => (
                <GroupRow
                  key={g.id}
                  appid={appid}
                  group={g}
                  selected={g.id === selected?.id}
                  onSelect={() => setParams({ group: g.id, after: undefined })}
                  onRenamed={reloadGroups}
                  onDelete={() => setDeleting(g)}
                />
              ))}
            </ul>
          )}
        </section>
        {groups && selected && <GroupFollowers appid={appid} group={selected} groups={groups} after={params.get('after') ?? undefined} onChanged={reloadGroups} />}
      </div>
      <ConfirmDialog
        open={deleting !== undefined}
        message={t('followers.confirmDelete', { name: deleting?.name ?? '' })}
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(undefined)}
      />
    </div>
  );
};

const CreateGroup = ({ appid, onCreated }: { appid: string; onCreated: () => void }) => {
  const form = useForm({ groupName: '' });
  const submit = form.submit(async () => {
    if (!form.values.groupName.trim()) return form.setErrors({ groupName: t('err.required') });
    const { group } = await call('groups.create', { appid, groupName: form.values.groupName.trim() });
    toast(t('followers.groupCreated', { name: group.name }));
    form.setValues({ groupName: '' });
    onCreated();
  });
  return (
    <form class="inline-form" onSubmit={submit} noValidate>
      <FormError error={form.errors['_form']} />
      <Field label={t('followers.newGroup')} name="groupName" value={form.values.groupName} onValue={(v) => form.set('groupName', v)} error={form.errors['groupName']} />
      <button type="submit" class="button button--primary" disabled={form.busy}>
        {t('followers.create')}
      </button>
    </form>
  );
};

const GroupRow = (props: { appid: string; group: Group; selected: boolean; onSelect: () => void; onRenamed: () => void; onDelete: () => void }) => {
  const { group } = props;
  const [renaming, setRenaming] = useState(false);
  const form = useForm({ groupName: group.name });
  const submit = form.submit(async () => {
    if (!form.values.groupName.trim()) return form.setErrors({ groupName: t('err.required') });
    await call('groups.update', { appid: props.appid, groupId: group.id, groupName: form.values.groupName.trim() });
    toast(t('followers.groupRenamed', { name: form.values.groupName.trim() }));
    setRenaming(false);
    props.onRenamed();
  });
  if (renaming) {
    return (
      <li class="groups__row groups__row--editing">
        <form class="inline-form" onSubmit={submit} noValidate>
          <FormError error={form.errors['_form']} />
          <Field label={t('followers.renameLabel', { name: group.name })} name="groupName" value={form.values.groupName} onValue={(v) => form.set('groupName', v)} error={form.errors['groupName']} />
          <div class="actions">
            <button type="submit" class="button button--primary button--small" disabled={form.busy}>
              {t('common.save')}
            </button>
            <button type="button" class="button button--ghost button--small" onClick={() => setRenaming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li class={`groups__row${props.selected ? ' groups__row--selected' : ''}`}>
      <button type="button" class="groups__pick" aria-pressed={props.selected} onClick={props.onSelect}>
        <span>{groupName(group)}</span>
        <span class="tabs__count">{group.count ?? '—'}</span>
      </button>
      {!builtIn(group.id) && (
        <span class="groups__tools">
          <button type="button" class="button button--link" onClick={() => (form.setValues({ groupName: group.name }), setRenaming(true))} aria-label={t('followers.renameNamed', { name: group.name })}>
            {t('followers.rename')}
          </button>
          <button type="button" class="button button--link danger" onClick={props.onDelete} aria-label={t('followers.deleteNamed', { name: group.name })}>
            {t('common.delete')}
          </button>
        </span>
      )}
    </li>
  );
};

const GroupFollowers = (props: { appid: string; group: Group; groups: Group[]; after: string | undefined; onChanged: () => void }) => {
  const { appid, group } = props;
  const [page, setPage] = useState<{ users: Follower[]; next?: string }>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    setPage(undefined);
    setError(undefined);
    // A slow answer for the group shown before must not land on this one.
    let current = true;
    call('groups.users', { appid, groupId: group.id, limit: pageSize, ...(props.after ? { next: props.after } : {}) }).then(
      (answer) => current && setPage(answer),
      (e: Error) => current && setError(e.message),
    );
    return () => void (current = false);
  }, [appid, group.id, props.after, version]);

  const changed = () => {
    setEditing(undefined);
    setVersion((v) => v + 1);
    props.onChanged();
  };
  const tagNames = (f: Follower) =>
    (f.tagid_list ?? []).map((id) => groupName(props.groups.find((g) => g.id === id) ?? { id, name: String(id) })).join(t('followers.tagSeparator')) || t('followers.ungrouped');
  const heading = t('followers.members', { name: groupName(group) });
  return (
    <section class="card" aria-labelledby="members-heading">
      <h2 id="members-heading">{heading}</h2>
      <p class="muted small">{t('followers.fieldsNote')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!page && !error && <p class="loading">{t('common.loading')}</p>}
      {page && (
        <>
          <div class="table-wrap">
            <table class="table followers-table">
              <caption class="visually-hidden">{heading}</caption>
              <thead>
                <tr>
                  <th scope="col">OpenID</th>
                  <th scope="col">{t('followers.remark')}</th>
                  <th scope="col">{t('followers.tags')}</th>
                  <th scope="col">{t('followers.subscribed')}</th>
                  <th scope="col">{t('followers.scene')}</th>
                  <th scope="col">{t('followers.language')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.users.length === 0 && (
                  <tr>
                    <td colSpan={7} class="table__empty">
                      {t('followers.emptyGroup')}
                    </td>
                  </tr>
                )}
                {page.users.map((f) => (
                  <Fragment key={f.openid}>
                    <tr>
                      <td data-label="OpenID">
                        <code>{f.openid}</code>
                      </td>
                      <td data-label={t('followers.remark')}>{f.remark || <span class="muted">—</span>}</td>
                      <td data-label={t('followers.tags')}>{tagNames(f)}</td>
                      <td data-label={t('followers.subscribed')}>{f.subscribe_time ? new Date(f.subscribe_time * 1000).toLocaleString() : '—'}</td>
                      <td data-label={t('followers.scene')}>{sceneText(f)}</td>
                      <td data-label={t('followers.language')} class="nowrap">{f.language || '—'}</td>
                      <td data-label={t('common.actions')}>
                        <button type="button" class="button button--small button--ghost" aria-expanded={editing === f.openid} onClick={() => setEditing(editing === f.openid ? undefined : f.openid)} aria-label={t('followers.editNamed', { openid: f.openid })}>
                          {t('common.edit')}
                        </button>
                      </td>
                    </tr>
                    {editing === f.openid && (
                      <tr class="table__editor">
                        <td colSpan={7}>
                          <FollowerEditor appid={appid} follower={f} groups={props.groups} current={group.id} onDone={changed} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={heading}>
            <button type="button" class="button button--ghost" disabled={!props.after} onClick={() => setParams({ after: undefined })}>
              {t('followers.firstPage')}
            </button>
            <button type="button" class="button button--ghost" disabled={!page.next} onClick={() => setParams({ after: page.next })}>
              {t('common.next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
};

const sceneText = (f: Follower): string => {
  if (!f.subscribe_scene) return '—';
  const key = `followers.sceneName.${f.subscribe_scene}`;
  const name = key in zhCN ? t(key as MessageKey) : f.subscribe_scene;
  const qr = f.qr_scene_str || (f.qr_scene ? String(f.qr_scene) : '');
  return qr ? t('followers.sceneWithValue', { name, value: qr }) : name;
};

/** A follower's remark (WeChat: under 30 bytes of UTF-8, counted as you type) and group. */
const FollowerEditor = (props: { appid: string; follower: Follower; groups: Group[]; current: number; onDone: () => void }) => {
  const { follower } = props;
  const remark = useForm({ remark: follower.remark ?? '' });
  const move = useForm({ groupId: String(props.current) });
  const bytes = encoder.encode(remark.values.remark.trim()).length;

  const saveRemark = remark.submit(async () => {
    // No check here: the API's (and WeChat's) own rule and message are the ones shown.
    await call('followers.updateRemark', { appid: props.appid, openid: follower.openid, remark: remark.values.remark });
    toast(t('followers.remarkSaved'));
    props.onDone();
  });
  const moveTo = move.submit(async () => {
    await call('groups.move', { appid: props.appid, openid: follower.openid, groupId: Number(move.values.groupId) });
    const target = props.groups.find((g) => g.id === Number(move.values.groupId));
    toast(t('followers.moved', { name: target ? groupName(target) : move.values.groupId }));
    props.onDone();
  });
  return (
    <div class="follower-editor">
      <form onSubmit={saveRemark} noValidate>
        <FormError error={remark.errors['_form']} />
        <Field label={t('followers.remark')} name="remark" value={remark.values.remark} onValue={(v) => remark.set('remark', v)} error={remark.errors['remark']} hint={t('followers.remarkHint', { bytes })} />
        <button type="submit" class="button button--primary button--small" disabled={remark.busy}>
          {t('followers.saveRemark')}
        </button>
      </form>
      <form onSubmit={moveTo} noValidate>
        <FormError error={move.errors['_form']} />
        <Field kind="select" label={t('followers.moveTo')} name="groupId" value={move.values.groupId} onValue={(v) => move.set('groupId', v)} error={move.errors['groupId']}>
          {props.groups
            .filter((g) => g.id !== 1)
            .map((g) => (
              <option value={String(g.id)} key={g.id}>
                {groupName(g)}
              </option>
            ))}
        </Field>
        <button type="submit" class="button button--primary button--small" disabled={move.busy}>
          {t('followers.move')}
        </button>
      </form>
    </div>
  );
};
