import type { Account } from '../core/data/accounts';
import { getInboxMessage } from './data/inbox-queries';
import { NotFoundError, PayloadTooLargeError } from '../core/errors';
import { WechatApiError } from '../wechat/api-error';
import { downloadTempMedia } from '../wechat/api/media';
import { WechatErrorCode } from '../wechat/error-codes';
import { readCapped } from '../wechat/http-client';

/**
 * Lambda answers at most 6 MB, base64 included: media up to 4 MB is relayed (follower images and
 * voice are far below; a longer video may not be).
 */
export const maxRelayBytes = 4 * 1024 * 1024;

/** WeChat's video link, read with a timeout and the relay's size cap; a link that does not answer is WeChat not answering (50200). */
const download = async (link: string): Promise<{ contentType: string; data: Buffer } | 'too_large'> => {
  let response: Response;
  let body: Buffer | 'too_large';
  try {
    // Node's built-in fetch (the WeChat transport's choice: the undici package would add 520 KB).
    response = await fetch(link, { method: 'GET', signal: AbortSignal.timeout(10_000) });
    body = await readCapped(response, maxRelayBytes);
  } catch (error) {
    throw new WechatApiError(WechatErrorCode.systemBusy, `WeChat's video link did not answer: ${(error as Error).message}`, 'video_url');
  }
  if (body === 'too_large') return 'too_large';
  if (response.status !== 200) throw new NotFoundError(`id: WeChat's video link answered HTTP ${response.status}`);
  return { contentType: response.headers.get('content-type') ?? 'video/mp4', data: body };
};

const mimeOk = /^(image|audio|video)\/[\w.+-]+$/i;

/** The bytes of a message's media, fetched from WeChat for the account's owner (never hot-linked). */
export const messageMedia = async (account: Account, id: string, part: 'media' | 'thumb') => {
  const message = await getInboxMessage(account.appid, id);
  const mediaId = part === 'thumb' ? message?.thumbMediaId : message?.mediaId;
  if (!message || !mediaId) throw new NotFoundError(`id: no message ${id} with ${part === 'thumb' ? 'a thumbnail' : 'media'} in this account's inbox`);
  let result = await downloadTempMedia(account, mediaId, maxRelayBytes).catch((error: unknown) => {
    // WeChat keeps a follower's media 3 days; after that its id is invalid (40007).
    if (error instanceof WechatApiError && error.wxerrcode === 40007) throw new NotFoundError(`id: WeChat no longer holds the media of message ${id} (it keeps it 3 days)`);
    throw error;
  });
  if (result !== 'too_large' && 'json' in result) {
    // Videos come as a download link of WeChat's: fetched here too, not handed to the browser.
    const link = result.json['video_url'];
    if (typeof link !== 'string' || !/^https?:\/\//.test(link)) throw new NotFoundError(`id: WeChat has no media for message ${id}`);
    result = await download(link);
  }
  if (result === 'too_large') throw new PayloadTooLargeError(`id: the media of message ${id} is larger than the ${maxRelayBytes} bytes the platform relays`);
  const contentType = mimeOk.test(result.contentType.split(';')[0]!.trim()) ? result.contentType.split(';')[0]!.trim() : 'application/octet-stream';
  return { contentType, data: result.data };
};
