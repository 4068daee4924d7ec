import { routes } from '../../lib/routes';
import type { Output } from './contract';
import { hasMessage, t } from './i18n';

/**
 * An audit entry as a sentence a shop owner reads ("张三 修改了关键词回复规则「营业时间」"):
 * what was done comes from the route (its `audit.do.<route id>` phrase), what it was done to from
 * the entry's own fields — the request, or the items it wrote (a material's file name, a send's
 * title). A route without a phrase of its own is said in general words with its area's name, so
 * no entry ever reads as a path or in English.
 */
type Entry = Output<'team.audit'>['entries'][number];

const routeIds = new Map(Object.entries(routes).map(([id, r]) => [`${r.method} ${r.path}`, id]));

/** The route id a logged `METHOD /path` names (undefined: a route this console does not know). */
export const routeIdOf = (route: string): string | undefined => routeIds.get(route);

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined);

/** The first of `names` the request carries (top level, then in its first article or file). */
const fromInput = (input: Record<string, unknown>, names: string[]): string | undefined => {
  const nested = [input, ...(['articles', 'files'] as const).map((k) => (Array.isArray(input[k]) ? (input[k] as unknown[])[0] : undefined)), input['article']];
  for (const name of names) {
    for (const where of nested) {
      if (where && typeof where === 'object') {
        const found = text((where as Record<string, unknown>)[name]);
        if (found) return found;
      }
    }
  }
  return undefined;
};

/** The first of `names` an item the change wrote or removed held (a title list gives its first). */
const fromChanges = (entry: Entry, names: string[]): string | undefined => {
  for (const name of names) {
    for (const change of entry.changes) {
      // A send keeps its words in `message` ({type, text}): looked into too.
      for (const side of [change.after, change.before, change.after?.['message'], change.before?.['message']] as (Record<string, unknown> | undefined)[]) {
        const value = side && typeof side === 'object' ? side[name] : undefined;
        const found = Array.isArray(value) ? text(value[0]) : text(value);
        if (found) return found;
      }
    }
  }
  return undefined;
};

const quoted = (thing: string | undefined) => (thing ? t('audit.quote', { thing }) : '');

/** What a rule is called: its name, or its keyword; the reserved keywords by their section. */
const ruleThing = (entry: Entry): string => {
  const keyword = fromInput(entry.input, ['request']) ?? fromChanges(entry, ['keyword']);
  const name = fromInput(entry.input, ['ruleName']) ?? fromChanges(entry, ['name']);
  if (keyword === '@default') return t('audit.thing.defaultReply');
  if (keyword?.startsWith('@subscribe')) return t('audit.thing.subscribeReply');
  return t('audit.thing.keywordRule', { name: quoted(name ?? keyword) });
};

type Thing = (entry: Entry) => string;
const named = (inputNames: string[], changeNames: string[] = inputNames): Thing => (entry) => quoted(fromInput(entry.input, inputNames) ?? fromChanges(entry, changeNames));
const counted = (field: string): Thing => (entry) => String(Array.isArray(entry.input[field]) ? (entry.input[field] as unknown[]).length : 1);
const nothing: Thing = () => '';

/** The routes whose entries say more than their area: each one's phrase and what it names. */
const things: Record<string, Thing> = {
  'replies.add': ruleThing,
  'replies.update': ruleThing,
  'replies.delete': ruleThing,
  'replies.importAutoreply': nothing,
  'materials.upload': named(['name', 'filename'], ['name']),
  'materials.uploadVideo': named(['title', 'name'], ['name', 'title']),
  'materials.createUploadUrl': named(['filename', 'name']),
  'materials.remove': named(['name'], ['name', 'title']),
  'materials.uploadLogo': nothing,
  'menus.create': nothing,
  'menus.delete': nothing,
  'menus.addConditional': nothing,
  'menus.deleteConditional': nothing,
  'content.addDraft': named(['title'], ['title', 'titles']),
  'content.updateDraft': named(['title'], ['title', 'titles']),
  'content.deleteDraft': named(['title'], ['title', 'titles']),
  'content.uploadArticleImage': nothing,
  'content.publish': named(['title'], ['titles', 'title']),
  'content.massSend': named(['text', 'title'], ['titles', 'title', 'text']),
  'content.previewMass': nothing,
  'content.cancelSend': named([], ['titles', 'title', 'text']),
  'content.approveSend': named([], ['titles', 'title', 'text']),
  'content.rejectSend': named([], ['titles', 'title', 'text']),
  'inbox.markHandled': counted('ids'),
  'inbox.reply': nothing,
  'groups.create': named(['name']),
  'groups.update': named(['name']),
  'groups.delete': named([], ['name']),
  'groups.move': nothing,
  'followers.updateRemark': named(['remark']),
  'platform.qrcode': named(['sceneStr', 'sceneId', 'scene']),
  'platform.rotateH5Secret': nothing,
  'audience.sync': nothing,
  'audience.batchTag': counted('openids'),
  'audience.block': counted('openids'),
  'audience.unblock': counted('openids'),
  'audience.segment': nothing,
  'audience.export': nothing,
  'templates.add': named(['title'], ['title']),
  'templates.delete': named([], ['title']),
  'templates.send': named([], ['title']),
  'accounts.bindDirect': nothing,
  'accounts.unbind': nothing,
  'accounts.updateSettings': nothing,
  'accounts.updateServerConfig': nothing,
  'accounts.clearQuota': nothing,
  'component.authUrl': nothing,
  'component.authComplete': nothing,
  'team.invite': named(['email']),
  'team.accept': nothing,
  'team.updateMember': (entry) => t(`role.${(text(entry.input['role']) ?? 'viewer') as 'viewer'}`),
  'team.removeMember': nothing,
  'team.leave': nothing,
  'team.revokeInvitation': named([], ['email']),
  'team.updateSettings': (entry) => t(entry.input['approvalRequired'] === true || entry.input['approvalRequired'] === 'true' ? 'audit.thing.on' : 'audit.thing.off'),
};

/** The area's name (the log's 类别), or the platform's when the area is not one the console names. */
export const areaName = (kind: string): string => {
  const key = `audit.kind.${kind}`;
  return hasMessage(key) ? t(key) : t('audit.kind.other');
};

/** "修改了关键词回复规则「营业时间」": what the entry did, without who. */
export const actionOf = (entry: Entry): string => {
  const id = routeIdOf(entry.route);
  const thing = id ? things[id] : undefined;
  const key = `audit.do.${id}`;
  if (!id || !thing || !hasMessage(key)) return t('audit.do.generic', { area: areaName(entry.kind) });
  return t(key, { thing: thing(entry) });
};

export const auditRoutesWithPhrases = Object.keys(things);
