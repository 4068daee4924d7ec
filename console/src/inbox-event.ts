import { keyedTypes } from '../../src/menus/button-types';
import { t, type MessageKey } from './i18n';

/**
 * An event as a person reads it: "菜单点击 · TODAY" / "Menu click · TODAY" rather than WeChat's
 * "CLICK TODAY". WeChat spells some event names in capitals (CLICK, VIEW, SCAN, LOCATION) and
 * others in lower case, so they are matched without case. A follow through a QR code carries its
 * scene as `qrscene_<scene>`.
 */
const known: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', 'scan', 'location', 'view', 'view_miniprogram', ...keyedTypes]);

export const describeEvent = (event: string | undefined, eventKey: string | undefined): string => {
  const name = (event ?? '').toLowerCase();
  const label = known.has(name) ? t(`inbox.event.${name}` as MessageKey) : t('inbox.event.other', { event: event ?? '' });
  let key = eventKey?.trim();
  if (name === 'subscribe' && key?.startsWith('qrscene_')) key = t('inbox.event.scene', { scene: key.slice('qrscene_'.length) });
  else if (name === 'scan' && key) key = t('inbox.event.scene', { scene: key });
  return key ? `${label} · ${key}` : label;
};
