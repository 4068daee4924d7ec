import type { Account } from '../core/data/accounts';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../core/errors';
import { contentTypeOf, detectFileType, type DetectedType } from '../core/uploads/file-types';
import { getMaterial } from '../wechat/api/material';
import './rule-texts';

/**
 * A permanent image material's bytes, fetched from WeChat for the console: WeChat's own image URLs
 * (mmbiz.qpic.cn) refuse other sites, and the console's CSP allows no foreign image origin anyway.
 * Only images: WeChat answers a news or video material as JSON, a voice as audio; those are refused.
 */

/**
 * Lambda answers at most 6 MB, base64 included: up to 4 MB is relayed (as the inbox's media).
 * WeChat takes image materials up to 10 MB (uploaded in mp.weixin.qq.com); bigger ones are refused.
 */
export const maxImageBytes = 4 * 1024 * 1024;

const imageKinds = new Set<DetectedType>(['png', 'jpeg', 'gif', 'bmp', 'webp']);

/**
 * The image type by the file's first bytes (WeChat's image materials are bmp, png, jpeg, gif). The
 * content decides, not WeChat's header: what the browser is told must be an image it will render.
 */
export const imageTypeOf = (data: Buffer): string | undefined => {
  const detected = detectFileType(data);
  return detected && imageKinds.has(detected) ? contentTypeOf[detected] : undefined;
};

export const materialImage = async (account: Pick<Account, 'appid' | 'mode'>, mediaId: string): Promise<{ contentType: string; data: Buffer }> => {
  // An unknown media_id is WeChat's 40007, answered as 40400 by the error table.
  const result = await getMaterial(account, mediaId, maxImageBytes);
  if (result === 'too_large') throw new PayloadTooLargeError(`mediaId: the image is larger than the ${maxImageBytes} bytes the platform relays`, { field: 'mediaId', rule: 'material.imageTooLarge', limit: maxImageBytes });
  if ('json' in result) throw new UnsupportedMediaTypeError('mediaId: not an image material (WeChat answers news and video materials as JSON)', { field: 'mediaId', rule: 'material.notImage' });
  const contentType = imageTypeOf(result.data);
  if (!contentType) throw new UnsupportedMediaTypeError('mediaId: not an image material (its file is not an image)', { field: 'mediaId', rule: 'material.notImage' });
  return { contentType, data: result.data };
};
