import { userLogo } from '../routes';
import { endpoint } from '../../core/http/endpoint';
import { LogoInput } from '../inputs';
import { logoImage } from '../logo-image';

/** Binary answer: API Gateway passes a base64 body flagged isBase64Encoded on as bytes. */
export const handler = endpoint(userLogo, LogoInput, async ({ session }) => {
  const { data, contentType } = await logoImage(session.userId);
  return {
    statusCode: 200,
    headers: { 'content-type': contentType, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' },
    body: data.toString('base64'),
    isBase64Encoded: true,
  };
});
