import type { Account } from '../data/accounts';
import { getInboxMessage } from '../data/inbox-queries';
import { NotFoundError, PayloadTooLargeError, WechatApiError } from '../http/errors';
import { downloadTempMedia } from '../wechat/api/media';

/**
 * Lambda answers at most 6 MB, base64 included: media up to 4 MB is relayed (follower images and
 * voice are far below; a longer video may not be).
 */
export const maxRelayBytes = 4 * 1024 * 1024;

/** WeChat's video link, read with timeouts and the relay's size cap. */
const download = async (link: string): Promise<{ contentType: string; data: Buffer } | 'too_large'> => {
  // Node's built-in fetch (the WeChat transport's choice: the undici package would add 520 KB).
  const response = await fetch(link, { method: 'GET', signal: AbortSignal.timeout(10_000) });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    // Leaving the loop cancels the stream (the iterator's return); cancel() on the locked stream would throw.
    if (size > maxRelayBytes) return 'too_large';
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  if (response.status !== 200) throw new NotFoundError(`id: WeChat's video link answered HTTP ${response.status}`);
  return { contentType: response.headers.get('content-type') ?? 'video/mp4', data: Buffer.concat(chunks) };
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
