import { call } from './api';
import { useLoaded } from './use-loaded';

/**
 * The account's permanent materials by media id, so a page names a file ("logo.png") where it
 * holds only the id a rule or a reply sent. getMaterialByType answers 20 at a time: the first
 * pages of each type are read once per account and page view and shared by every row asking; an id
 * not found there is shown by its kind alone ("图片"), never as the id.
 */
export type MaterialKind = 'image' | 'voice' | 'video';
export interface KnownMaterial {
  name: string;
  type: MaterialKind;
}

const pagesPerType = 5;
const kinds: MaterialKind[] = ['image', 'voice', 'video'];
const cache = new Map<string, Promise<Map<string, KnownMaterial>>>();

const loadType = async (appid: string, type: MaterialKind, into: Map<string, KnownMaterial>) => {
  for (let page = 0; page < pagesPerType; page++) {
    const answer = await call('materials.list', { appid, type, offset: page * 20, count: 20 });
    for (const item of answer.item as { media_id: string; name?: string }[]) into.set(item.media_id, { name: item.name ?? '', type });
    if ((page + 1) * 20 >= answer.total_count || answer.item_count === 0) return;
  }
};

const loadMaterials = (appid: string): Promise<Map<string, KnownMaterial>> => {
  let found = cache.get(appid);
  if (!found) {
    const into = new Map<string, KnownMaterial>();
    // A type that fails to list leaves its ids unnamed (shown by kind), not the page broken.
    found = Promise.all(kinds.map((k) => loadType(appid, k, into).catch(() => undefined))).then(() => into);
    cache.set(appid, found);
    // Read again a minute later (each listing is a call to WeChat): an upload or a deletion shows then.
    void found.then(() => setTimeout(() => cache.delete(appid), 60_000));
  }
  return found;
};

/** After an upload or a deletion here: the next reader lists again. */
export const forgetMaterialNames = (appid: string) => cache.delete(appid);

/** The account's known materials (undefined while loading). */
export const useMaterialNames = (appid: string, wanted = true): Map<string, KnownMaterial> | undefined => useLoaded(() => loadMaterials(appid), [appid], wanted);
