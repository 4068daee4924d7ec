/**
 * The custom-menu button types today's WeChat takes (pure data: the API's schema, the callback and
 * the console's editor share it).
 */
export const buttonTypes = [
  'click',
  'view',
  'miniprogram',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'media_id',
  'article_id',
  'article_view_limited',
] as const;
export type ButtonType = (typeof buttonTypes)[number];

/** WeChat's menu limits: top-level and sub-menu counts; names in UTF-8 bytes (top 16, sub 60), key and url in bytes. */
export const menuLimits = {
  topButtons: 3,
  subButtons: 5,
  topNameBytes: 16,
  subNameBytes: 60,
  keyBytes: 128,
  urlBytes: 1024,
} as const;

/** Types whose click is pushed to the callback with the button's `key` as EventKey. */
export const keyedTypes: ReadonlySet<ButtonType> = new Set([
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
]);

/** The fields a leaf button may carry besides `name`. */
export type LeafField = 'key' | 'url' | 'appid' | 'pagepath' | 'media_id' | 'article_id';

/** Per type, the fields WeChat requires besides `name`. */
export const requiredFields: Record<ButtonType, readonly LeafField[]> = {
  click: ['key'],
  scancode_push: ['key'],
  scancode_waitmsg: ['key'],
  pic_sysphoto: ['key'],
  pic_photo_or_album: ['key'],
  pic_weixin: ['key'],
  location_select: ['key'],
  view: ['url'],
  miniprogram: ['url', 'appid', 'pagepath'],
  media_id: ['media_id'],
  article_id: ['article_id'],
  article_view_limited: ['article_id'],
};
