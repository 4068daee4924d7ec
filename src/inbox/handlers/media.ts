import { inboxMedia } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { messageMedia } from '../media';
import { InboxMediaInput } from '../inputs';

/** The bytes themselves, for the owner only; never cached by shared caches, never sniffed into HTML. */
export const handler = endpoint(inboxMedia, InboxMediaInput, async ({ input, session }) => {
  const { contentType, data } = await messageMedia(await selectAccount(session.org, input.appid), input.id, input.part);
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-length': String(data.length),
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
      'content-disposition': `${contentType === 'application/octet-stream' ? 'attachment' : 'inline'}; filename="${input.id}"`,
    },
    body: data.toString('base64'),
    isBase64Encoded: true,
  };
});
