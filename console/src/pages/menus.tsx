import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { forgetMenuNames } from '../menu-names';
import type { Output } from '../contract';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, FormError } from '../components/Field';
import { Alert, toast } from '../components/Toast';
import { t, type MessageKey } from '../i18n';
import { loadAllRules } from '../rules';
import { setUnsaved } from '../router';
import type { PageProps } from './types';
import { buttonTypes, menuLimits, requiredFields, type ButtonType, type LeafField } from '../../../src/menus/button-types';
import { dropButton, type DropTarget, type Path, type Refusal } from '../menu-order';

/**
 * The custom menu editor (自定义菜单), shaped like the phone's menu bar: up to three columns at the
 * bottom, each column's sub-menus stacked above it. Select a button to edit it in the form beside;
 * reorder by drag and drop (also from one column to another, within WeChat's limits: a refused drop
 * says why) or by the move buttons (keyboard); publish replaces the whole menu. The
 * API checks WeChat's limits; its message names a button path (`button[1].sub_button[3].name`),
 * shown on that button's field.
 */
/** The fields each button type's form shows: the ones WeChat requires (src/menus/button-types.ts). */
const fieldsOf = requiredFields;

interface Btn {
  uid: number;
  name: string;
  type: ButtonType;
  values: Partial<Record<LeafField, string>>;
  sub: Btn[];
}
type ApiButton = Output<'menus.get'>['conditionalmenu'][number]['button'][number];
type LiveMenu = Output<'menus.getCurrent'>;
type LiveButton = NonNullable<LiveMenu['live']>['button'][number];
type LiveNote = LiveMenu['notes'][number];

const backOfficeTypes = new Set(['text', 'img', 'photo', 'voice', 'video', 'news']);
/** A live button's type in WeChat's words: the API's types, or the back office's (文字, 图片, 图文消息…). */
const liveTypeLabel = (type: string | undefined): string => {
  if (!type) return '';
  if (backOfficeTypes.has(type)) return t(`menus.live.type.${type}` as MessageKey);
  return (buttonTypes as readonly string[]).includes(type) ? t(`menus.type.${type}` as MessageKey) : type;
};
/** Why a back-office button was converted or needs completing, in the console's language. */
const noteText = (note: LiveNote): string => {
  if (note.from === 'text') return t('menus.live.note.text', { key: note.rule?.keyword ?? '' });
  if (note.from === 'news' && note.outcome === 'converted') return t('menus.live.note.news');
  if (note.from === 'img' || note.from === 'photo' || note.from === 'voice') return t('menus.live.note.media', { type: liveTypeLabel(note.from) });
  if (note.from === 'video') return t('menus.live.note.video');
  return t('menus.live.note.other', { type: note.from });
};

let uids = 1;
const blank = (name = ''): Btn => ({ uid: uids++, name, type: 'click', values: {}, sub: [] });
const fromApi = (b: ApiButton): Btn => {
  const values: Btn['values'] = {};
  for (const f of ['key', 'url', 'appid', 'pagepath', 'media_id', 'article_id'] as const) if (b[f]) values[f] = b[f];
  return { uid: uids++, name: b.name, type: b.type ?? 'click', values, sub: (b.sub_button ?? []).map((s) => fromApi(s as ApiButton)) };
};
const leafToApi = (b: Btn): Record<string, string> => {
  const out: Record<string, string> = { type: b.type, name: b.name };
  for (const f of fieldsOf[b.type]) out[f] = b.values[f] ?? '';
  return out;
};
const toApi = (menu: Btn[]) => menu.map((b) => (b.sub.length ? { name: b.name, sub_button: b.sub.map(leafToApi) } : leafToApi(b)));

const pathKey = (p: Path) => p.join('.');
const at = (menu: Btn[], p: Path): Btn | undefined => (p.length === 1 ? menu[p[0]] : menu[p[0]]?.sub[p[1]]);

/** "button[1].sub_button[3].name: …" → the button's path key and the field. */
const parseButtonPath = (path: string): { key: string; field: string } | undefined => {
  const m = /^button\[(\d+)\](?:\.sub_button\[(\d+)\])?(?:\.(\w+))?/.exec(path);
  if (!m) return undefined;
  return { key: m[2] === undefined ? m[1]! : `${m[1]}.${m[2]}`, field: m[3] ?? 'name' };
};

const move = <T,>(list: T[], from: number, to: number): T[] => {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
};

export const MenusPage = ({ account }: PageProps) => {
  const appid = account!.appid;
  const [menu, setMenu] = useState<Btn[]>();
  const [selected, setSelected] = useState<Path>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** 'publish' (over a back-office menu), 'menu' (delete all), or a personalised menu's id. */
  const [confirming, setConfirming] = useState<'publish' | 'menu' | string>();
  const [conditional, setConditional] = useState<Output<'menus.listConditional'>['conditionalmenu']>([]);
  const [keywords, setKeywords] = useState<string[]>([]);
  const [dragging, setDragging] = useState<Path>();
  const [dropTarget, setDropTarget] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  const moveToId = useId();
  const [moveTarget, setMoveTarget] = useState('');
  const [live, setLive] = useState<LiveMenu>();
  const loadLive = () =>
    call('menus.getCurrent', { appid })
      .then(setLive)
      .catch(() => setLive(undefined));

  const loadConditional = () =>
    call('menus.listConditional', { appid })
      .then((r) => setConditional(r.conditionalmenu))
      .catch(() => setConditional([]));
  // The version the editor loaded (40902 when another publish came in between) and what it held
  // then: unsaved changes ask before leaving (router.ts).
  const [version, setVersion] = useState<number>();
  const [baseline, setBaseline] = useState<string>();
  const [stale, setStale] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const dirty = menu !== undefined && baseline !== undefined && JSON.stringify(toApi(menu)) !== baseline;
  useEffect(() => setUnsaved(dirty ? t('unsaved.leave') : undefined), [dirty]);
  useEffect(() => () => setUnsaved(undefined), []);
  useEffect(() => {
    call('menus.get', { appid })
      .then((r) => {
        const loaded = (r.menu?.button ?? []).map(fromApi);
        setMenu(loaded);
        setVersion(r.version);
        setBaseline(JSON.stringify(toApi(loaded)));
        setStale(undefined);
        setSelected(undefined);
      })
      .catch((e: Error) => (setFormError(e.message), setMenu([])));
    void loadConditional();
    void loadLive();
    loadAllRules(appid)
      .then((rules) => setKeywords(rules.filter((r) => r.match === 'exact').map((r) => r.request)))
      .catch(() => undefined);
  }, [appid, reloads]);

  if (!menu) return <p class="loading">{t('common.loading')}</p>;

  const update = (p: Path, patch: (b: Btn) => Btn) => {
    setMenu((m) =>
      m!.map((top, i) => {
        if (i !== p[0]) return top;
        if (p.length === 1) return patch(top);
        return { ...top, sub: top.sub.map((s, j) => (j === p[1] ? patch(s) : s)) };
      }),
    );
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`${pathKey(p)}:`))));
  };
  const addTop = () => {
    setMenu([...menu, blank(t('menus.newButton'))]);
    setSelected([menu.length]);
  };
  const addSub = (col: number) => {
    const top = menu[col]!;
    update([col], (b) => ({ ...b, sub: [...b.sub, blank(t('menus.newSub'))] }));
    setSelected([col, top.sub.length]);
  };
  const removeSelected = () => {
    if (!selected) return;
    if (selected.length === 1) setMenu(menu.filter((_, i) => i !== selected[0]));
    else update([selected[0]], (b) => ({ ...b, sub: b.sub.filter((_, j) => j !== selected[1]) }));
    setSelected(undefined);
    setErrors({});
  };
  /** Moves the selected button by `delta` within its own column or bar. */
  const moveTo = (from: Path, to: number) => {
    if (from.length === 1) {
      if (to < 0 || to >= menu.length) return;
      setMenu(move(menu, from[0], to));
      setSelected([to]);
    } else {
      const col = from[0];
      if (to < 0 || to >= menu[col]!.sub.length) return;
      update([col], (b) => ({ ...b, sub: move(b.sub, from[1], to) }));
      setSelected([col, to]);
    }
    setErrors({});
    setRefusal(undefined);
  };

  /** Takes the back-office menu into the editor; a text button's reply becomes a keyword rule, as it answered before. */
  const importLive = async () => {
    if (!live?.editor) return;
    setMenu(live.editor.button.map(fromApi));
    setSelected(undefined);
    setErrors({});
    let added = 0;
    for (const rule of live.notes.flatMap((n) => (n.rule ? [n.rule] : []))) {
      try {
        await call('replies.add', { appid, type: 'text', reply: { content: rule.text }, request: rule.keyword, match: 'exact' });
        added++;
      } catch (e) {
        // A rule for the key exists already (an earlier import): it answers the button as it is.
        if (!(e instanceof ApiError && e.errcode === 40900)) setFormError((e as Error).message);
      }
    }
    if (added) setKeywords((k) => [...k, ...live.notes.flatMap((n) => (n.rule ? [n.rule.keyword] : []))]);
    toast(added ? `${t('menus.live.imported')} ${t('menus.live.rulesAdded', { count: added })}` : t('menus.live.imported'));
  };
  /** Publishing replaces a menu made in WeChat's own editor: said first, in WeChat's words. */
  const publish = () => (live?.source === 'backOffice' ? setConfirming('publish') : void publishNow());
  const publishNow = async () => {
    setConfirming(undefined);
    setBusy(true);
    setFormError(undefined);
    setRefusal(undefined);
    setErrors({});
    try {
      const published = await call('menus.create', { appid, button: toApi(menu) as never, ...(version === undefined ? {} : { version }) });
      forgetMenuNames(appid);
      setVersion(published.version);
      setBaseline(JSON.stringify(toApi(menu)));
      toast(t('menus.published'));
      void loadLive();
    } catch (error) {
      const found = error instanceof ApiError && error.path ? parseButtonPath(error.path) : undefined;
      if (error instanceof ApiError && error.errcode === 40902) setStale(error.detail);
      else if (error instanceof ApiError && found) {
        setErrors({ [`${found.key}:${found.field}`]: error.detail });
        setSelected(found.key.split('.').map(Number) as Path);
      } else setFormError((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const removeMenu = async () => {
    setConfirming(undefined);
    try {
      const deleted = await call('menus.delete', { appid, ...(version === undefined ? {} : { version }) });
      forgetMenuNames(appid);
      setVersion(deleted.version);
      setBaseline('[]');
      setMenu([]);
      setSelected(undefined);
      toast(t('menus.deleted'));
      await loadConditional();
    } catch (e) {
      if (e instanceof ApiError && e.errcode === 40902) setStale(e.detail);
      else setFormError((e as Error).message);
    }
  };
  const removeConditional = async (menuid: string) => {
    setConfirming(undefined);
    try {
      await call('menus.deleteConditional', { appid, menuid });
      forgetMenuNames(appid);
      toast(t('menus.deleted'));
      await loadConditional();
    } catch (e) {
      setFormError((e as Error).message);
    }
  };

  const refusalText = (r: Refusal): string => {
    const name = (column: number) => menu[column]?.name || t('menus.unnamed');
    if (r.refused === 'fullColumn') return t('menus.refused.fullColumn', { name: name(r.column), max: menuLimits.subButtons });
    if (r.refused === 'thirdLevel') return t('menus.refused.thirdLevel', { name: name(r.column) });
    return t('menus.refused.fullBar', { max: menuLimits.topButtons });
  };
  const targetKey = (target: DropTarget) => ('bar' in target ? 'bar' : 'column' in target ? `slot.${target.column}` : pathKey(target.button));
  /** Drag and drop: onto a button (its place), a column's "add" slot (its end), the bar's "add" slot. */
  const dropProps = (target: DropTarget) => ({
    onDragOver: (e: DragEvent) => {
      if (!dragging) return;
      e.preventDefault();
      if (dropTarget !== targetKey(target)) setDropTarget(targetKey(target));
    },
    onDragLeave: () => setDropTarget((k) => (k === targetKey(target) ? undefined : k)),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      const from = dragging;
      setDragging(undefined);
      setDropTarget(undefined);
      if (from) place(from, target);
    },
  });
  /** Applies a drop (or the keyboard's "move to"), or says why WeChat would refuse it. */
  const place = (from: Path, target: DropTarget) => {
    const result = dropButton(menu, from, target);
    if (!result) return;
    if ('refused' in result) return setRefusal(refusalText(result));
    setMenu(result.menu);
    setSelected(result.at);
    setErrors({});
    setRefusal(undefined);
  };
  /** Where the keyboard can move the selected button besides its own list: under another column, or up into the bar. */
  const moveTargets = (p: Path): { value: string; label: string; target: DropTarget }[] => {
    if (p.length === 1 && menu[p[0]]!.sub.length > 0) return [];
    const columns = menu.flatMap((top, k) => (k === p[0] ? [] : [{ value: `column.${k}`, label: t('menus.under', { name: top.name || t('menus.unnamed') }), target: { column: k } as DropTarget }]));
    return p.length === 2 ? [...columns, { value: 'bar', label: t('menus.toBar'), target: { bar: true } }] : columns;
  };
  const dragClass = (target: DropTarget) => (dropTarget === targetKey(target) ? ' is-drop-target' : '');
  const hasError = (p: Path) => Object.keys(errors).some((k) => k.startsWith(`${pathKey(p)}:`));
  const buttonProps = (p: Path, b: Btn) => ({
    type: 'button' as const,
    class: `menubar__button${selected && pathKey(selected) === pathKey(p) ? ' is-selected' : ''}${hasError(p) ? ' has-error' : ''}${dragClass({ button: p })}`,
    'aria-pressed': Boolean(selected && pathKey(selected) === pathKey(p)),
    draggable: true,
    onClick: () => setSelected(p),
    onDragStart: (e: DragEvent) => {
      e.dataTransfer?.setData('text/plain', b.name);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      // The last refusal stays until a drop succeeds: clearing it here would shift the bar under the pointer.
      setDragging(p);
    },
    onDragEnd: () => (setDragging(undefined), setDropTarget(undefined)),
    ...dropProps({ button: p }),
    children: b.name || t('menus.unnamed'),
  });

  const current = selected && at(menu, selected);
  const targets = selected ? moveTargets(selected) : [];
  const chosenTarget = targets.find((o) => o.value === moveTarget) ?? targets[0];
  const err = (field: string) => (selected ? errors[`${pathKey(selected)}:${field}`] : undefined);
  const isParent = current && selected!.length === 1 && current.sub.length > 0;
  const siblings = selected ? (selected.length === 1 ? menu.length : menu[selected[0]]!.sub.length) : 0;
  const index = selected ? selected[selected.length - 1]! : 0;

  return (
    <div class="page">
      <h1>{t('menus.title')}</h1>
      <p class="muted">{t('menus.hint')}</p>
      <FormError error={formError} />
      {stale && (
        <div class="alert alert--warning stale" role="alert">
          <span>{stale}</span>
          <button type="button" class="button button--primary" onClick={() => (setUnsaved(undefined), setBaseline(undefined), setReloads((n) => n + 1))}>
            {t('menus.reload')}
          </button>
        </div>
      )}
      {refusal && <Alert kind="error">{refusal}</Alert>}
      {live?.source === 'backOffice' && live.live && <LiveMenuCard live={live} onImport={() => void importLive()} />}
      <div class="editor menus-editor">
        <section class="phone" aria-labelledby="menus-bar">
          <h2 id="menus-bar" class="visually-hidden">
            {t('menus.bar')}
          </h2>
          <div class="phone__screen" />
          <ul class="menubar">
            {menu.map((top, i) => (
              <li class="menubar__column" key={top.uid}>
                <ul class="menubar__subs">
                  {top.sub.map((s, j) => (
                    <li key={s.uid}>
                      <button {...buttonProps([i, j], s)} />
                    </li>
                  ))}
                  {top.sub.length < menuLimits.subButtons && (
                    <li>
                      <button type="button" class={`menubar__add${dragClass({ column: i })}`} {...dropProps({ column: i })} onClick={() => addSub(i)} aria-label={t('menus.addSubTo', { name: top.name || t('menus.unnamed') })}>
                        + {t('menus.addSub')}
                      </button>
                    </li>
                  )}
                </ul>
                <button {...buttonProps([i], top)} />
              </li>
            ))}
            {menu.length < menuLimits.topButtons && (
              <li class="menubar__column">
                <button type="button" class={`menubar__add menubar__add--top${dragClass({ bar: true })}`} {...dropProps({ bar: true })} onClick={addTop}>
                  + {t('menus.addTop')}
                </button>
              </li>
            )}
          </ul>
        </section>

        <section class="card" aria-labelledby="menus-form">
          <h2 id="menus-form">{current ? t('menus.editing', { name: current.name || t('menus.unnamed') }) : t('menus.pick')}</h2>
          {current && selected && (
            <>
              <Field label={t('menus.name')} name="name" value={current.name} onValue={(v) => update(selected, (b) => ({ ...b, name: v }))} error={err('name')} hint={selected.length === 1 ? t('menus.nameTop') : t('menus.nameSub')} />
              {isParent ? (
                <p class="muted">{t('menus.parentHint')}</p>
              ) : (
                <ButtonForm appid={appid} button={current} keywords={keywords} onKeywords={setKeywords} err={err} onChange={(patch) => update(selected, (b) => ({ ...b, ...patch, values: { ...b.values, ...patch.values } }))} />
              )}
              <div class="actions" role="group" aria-label={t('menus.order')}>
                {selected.length === 1 ? (
                  <>
                    <button type="button" class="button button--small button--ghost" disabled={index === 0} onClick={() => moveTo(selected, index - 1)}>
                      ← {t('menus.moveLeft')}
                    </button>
                    <button type="button" class="button button--small button--ghost" disabled={index >= siblings - 1} onClick={() => moveTo(selected, index + 1)}>
                      {t('menus.moveRight')} →
                    </button>
                  </>
                ) : (
                  <>
                    {/* Sub-menus are listed top to bottom on the phone: "up" is towards the first one. */}
                    <button type="button" class="button button--small button--ghost" disabled={index === 0} onClick={() => moveTo(selected, index - 1)}>
                      ↑ {t('menus.moveUp')}
                    </button>
                    <button type="button" class="button button--small button--ghost" disabled={index >= siblings - 1} onClick={() => moveTo(selected, index + 1)}>
                      ↓ {t('menus.moveDown')}
                    </button>
                  </>
                )}
                <button type="button" class="button button--small button--ghost danger" onClick={removeSelected}>
                  {t('menus.removeButton')}
                </button>
              </div>
              {targets.length > 0 && (
                <div class="actions menus-move">
                  <label for={moveToId}>{t('menus.moveTo')}</label>
                  <select id={moveToId} value={chosenTarget?.value} onChange={(e) => setMoveTarget((e.target as HTMLSelectElement).value)}>
                    {targets.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <button type="button" class="button button--small button--ghost" onClick={() => chosenTarget && place(selected, chosenTarget.target)}>
                    {t('menus.move')}
                  </button>
                </div>
              )}
            </>
          )}
          <div class="actions menus-publish">
            <button type="button" class="button button--primary" disabled={busy || menu.length === 0} onClick={publish}>
              {t('menus.publish')}
            </button>
            <button type="button" class="button button--ghost danger" onClick={() => setConfirming('menu')}>
              {t('menus.deleteMenu')}
            </button>
          </div>
        </section>
      </div>

      <section aria-labelledby="menus-conditional">
        <h2 id="menus-conditional">{t('menus.conditional')}</h2>
        {conditional.length === 0 ? (
          <p class="muted">{t('menus.noConditional')}</p>
        ) : (
          <ul class="cards">
            {conditional.map((c) => (
              <li class="card" key={c.menuid}>
                <p>
                  <strong>{t('menus.conditionOf', { id: c.menuid })}</strong>
                </p>
                <p>
                  {Object.entries(c.matchrule)
                    .map(([k, v]) => `${k === 'tag_id' ? t('menus.tag') : k === 'client_platform_type' ? t('menus.platform') : k}: ${String(v)}`)
                    .join('; ')}
                </p>
                <p class="muted">{c.button.map((b) => b.name).join(' | ')}</p>
                <button type="button" class="button button--small button--ghost danger" onClick={() => setConfirming(c.menuid)}>
                  {t('common.delete')} {c.menuid}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ConfirmDialog
        open={confirming !== undefined}
        message={
          confirming === 'publish' ? t('menus.live.confirmPublish') : confirming === 'menu' ? t('menus.confirmDelete') : t('menus.confirmDeleteConditional', { id: confirming ?? '' })
        }
        {...(confirming === 'publish' ? { confirmLabel: t('menus.live.publishAnyway') } : {})}
        onConfirm={() => void (confirming === 'publish' ? publishNow() : confirming === 'menu' ? removeMenu() : removeConditional(confirming!))}
        onCancel={() => setConfirming(undefined)}
      />
    </div>
  );
};

/** The menu followers see now, made in WeChat's own editor: each button, how it converts, and the import. */
const LiveMenuCard = ({ live, onImport }: { live: LiveMenu; onImport: () => void }) => {
  const notes = new Map(live.notes.map((n) => [n.path, n]));
  const row = (b: LiveButton, path: string) => {
    const note = notes.get(path);
    return (
      <li key={path}>
        <strong>{b.name}</strong> <span class="muted">{liveTypeLabel(b.type)}</span>
        {b.news_titles?.length ? <span class="muted">（{b.news_titles.join('、')}）</span> : null}
        {note && (
          <p class={note.outcome === 'incomplete' ? 'live-note live-note--incomplete' : 'live-note'}>
            <span class="badge">{note.outcome === 'incomplete' ? t('menus.live.incomplete') : t('menus.live.converted')}</span> {noteText(note)}
          </p>
        )}
      </li>
    );
  };
  return (
    <section class="card live-menu" aria-labelledby="menus-live">
      <h2 id="menus-live">{t('menus.live.title')}</h2>
      <p class="muted">{t('menus.live.hint')}</p>
      <ul class="live-menu__buttons">
        {live.live!.button.map((top, i) =>
          top.sub_button?.length ? (
            <li key={i}>
              <strong>{top.name}</strong>
              <ul>{top.sub_button.map((s, j) => row(s, `button[${i}].sub_button[${j}]`))}</ul>
            </li>
          ) : (
            row(top, `button[${i}]`)
          ),
        )}
      </ul>
      <div class="actions">
        <button type="button" class="button button--primary" onClick={onImport}>
          {t('menus.live.import')}
        </button>
      </div>
    </section>
  );
};

/** The fields of a leaf button's type; a click's key links to a reply rule (picked or made here). */
const ButtonForm = (props: {
  appid: string;
  button: Btn;
  keywords: string[];
  onKeywords: (k: string[]) => void;
  err: (field: string) => string | undefined;
  onChange: (patch: Partial<Btn>) => void;
}) => {
  const { button, err } = props;
  const [ruleText, setRuleText] = useState('');
  const [ruleError, setRuleError] = useState<string>();
  const set = (field: LeafField) => (v: string) => props.onChange({ values: { [field]: v } });
  const createRule = async () => {
    const keyword = button.values.key ?? '';
    setRuleError(undefined);
    try {
      await call('replies.add', { appid: props.appid, type: 'text', reply: { content: ruleText }, request: keyword, match: 'exact' });
      props.onKeywords([...props.keywords, keyword]);
      setRuleText('');
      toast(t('menus.ruleCreated', { keyword }));
    } catch (e) {
      setRuleError(e instanceof ApiError ? e.detail : (e as Error).message);
    }
  };
  const linked = button.type === 'click' && props.keywords.includes(button.values.key ?? '');
  return (
    <>
      <Field kind="select" label={t('menus.type')} name="type" value={button.type} onValue={(v) => props.onChange({ type: v as ButtonType })}>
        {buttonTypes.map((ty) => (
          <option key={ty} value={ty}>
            {t(`menus.type.${ty}`)}
          </option>
        ))}
      </Field>
      {button.type === 'click' && props.keywords.length > 0 && (
        <Field kind="select" label={t('menus.pickRule')} name="rule" value={linked ? button.values.key! : ''} onValue={set('key')}>
          <option value="">—</option>
          {props.keywords.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </Field>
      )}
      {fieldsOf[button.type].map((f) => (
        <Field key={f} label={t(`menus.field.${f}`)} name={f} value={button.values[f] ?? ''} onValue={set(f)} error={err(f)} type={f === 'url' ? 'url' : 'text'} autoComplete="off" />
      ))}
      {button.type === 'click' && !linked && (
        <fieldset class="article">
          <legend>{t('menus.newRule')}</legend>
          <Field kind="textarea" rows={2} label={t('menus.ruleText')} name="ruleText" value={ruleText} onValue={setRuleText} error={ruleError} hint={t('menus.ruleHint')} />
          <button type="button" class="button button--small" disabled={!button.values.key || !ruleText.trim()} onClick={createRule}>
            {t('menus.createRule')}
          </button>
        </fieldset>
      )}
      {button.type === 'click' && linked && <p class="muted">{t('menus.linked', { keyword: button.values.key! })}</p>}
    </>
  );
};
