import { keyedTypes } from '../../src/menus/button-types';
import { t, type MessageKey } from './i18n';

/**
 * An event as a person reads it: "菜单点击 · 今日推荐" / "Menu click · 今日推荐" (the button's name,
 * from `buttonNames`, else its key) rather than WeChat's "CLICK TODAY". WeChat spells some event names in capitals (CLICK, VIEW, SCAN, LOCATION) and
 * others in lower case, so they are matched without case. A follow through a QR code carries its
 * scene as `qrscene_<scene>`.
 */
const known: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', 'scan', 'location', 'view', 'view_miniprogram', ...keyedTypes]);

/** A tap on a menu button (a keyed type, or a view link): named by the button when the menu is known. */
export const isMenuTap = (m: { msgType?: string; event?: string | undefined }): boolean => {
  const name = (m.event ?? '').toLowerCase();
  return m.msgType === 'event' && (name === 'view' || keyedTypes.has(name as never));
};

export const describeEvent = (event: string | undefined, eventKey: string | undefined, buttonNames: ReadonlyMap<string, string> = new Map()): string => {
  const name = (event ?? '').toLowerCase();
  const label = known.has(name) ? t(`inbox.event.${name}` as MessageKey) : t('inbox.event.other', { event: event ?? '' });
  let key = eventKey?.trim();
  if (name === 'subscribe' && key?.startsWith('qrscene_')) key = t('inbox.event.scene', { scene: key.slice('qrscene_'.length) });
  else if (name === 'scan' && key) key = t('inbox.event.scene', { scene: key });
  // A menu tap by the button's name, as the follower saw it (its key when the menu has changed since).
  else if (key && buttonNames.has(key)) key = buttonNames.get(key);
  return key ? `${label} · ${key}` : label;
};
