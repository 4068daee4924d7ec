/**
 * English words in text meant for a Chinese reader: runs of two or more Latin letters, minus the
 * names Chinese operators read in Latin letters in WeChat's own back office (AppID, Token, OpenID…)
 * and units. `values` are what the text quotes back (a limit, the given value): not words of ours.
 */
export const allowedLatin = new Set([
  'AppID', 'AppSecret', 'Token', 'EncodingAESKey', 'OpenID', 'KEY', 'JSON', 'JS', 'SDK', 'http', 'https', 'MB', 'KB', 'wx',
  'URL', 'state', 'code', 'echostr', 'IP', 'QR', 'HTML', 'CSV', 'ID', 'media_id', 'article_id', 'example', 'com', 'subscribe',
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'mp3', 'mp4', 'amr', 'wma', 'wav', 'socialinzen', 'PC', 'H5', 'HMAC', 'SHA256', 'UTF',
]);

export const englishWords = (text: unknown, values: unknown[] = []): string[] => {
  if (typeof text !== 'string') return [`(not text: ${String(text)})`];
  const quoted = new Set(values.flatMap((v) => String(v ?? '').match(/[A-Za-z_]{2,}/g) ?? []));
  return (text.match(/[A-Za-z][A-Za-z_]+/g) ?? []).filter((w) => !allowedLatin.has(w) && !quoted.has(w));
};
