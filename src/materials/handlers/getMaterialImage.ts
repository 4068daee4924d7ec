import { materialsImage } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { materialImage } from '../image';
import { MaterialImageInput } from '../inputs';

/**
 * A material never changes under its media_id: the browser keeps it (private: for this session's
 * user only, Vary: Authorization; Origin as CORS answers vary by it), so paging back and forth does not spend the account's daily
 * get_material quota again. Never sniffed into anything but the image it is.
 */
const maxAgeSeconds = 30 * 24 * 3600;

export const handler = endpoint(materialsImage, MaterialImageInput, async ({ input, session }) => {
  const { contentType, data } = await materialImage(await selectAccount(session.org, input.appid), input.mediaId);
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-length': String(data.length),
      'cache-control': `private, max-age=${maxAgeSeconds}, immutable`,
      vary: 'Origin, Authorization',
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="${input.mediaId}"`,
    },
    body: data.toString('base64'),
    isBase64Encoded: true,
  };
});
