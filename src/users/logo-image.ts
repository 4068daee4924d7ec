import { getUser } from './data/users';
import { NotFoundError, UnauthorizedError } from '../core/errors';
import { getObjectBytes } from '../core/uploads/s3';

/**
 * The logo's bytes, for serving from our own origin: the console's CSP allows images only from
 * 'self' (and blob:), so it fetches this with the session header and shows a blob URL, instead of
 * loading the presigned S3 URL `me` answers (a foreign origin in production).
 */
const typeOfKey = (key: string) => (key.endsWith('.png') ? 'image/png' : 'image/jpeg');

export const logoImage = async (userId: string): Promise<{ data: Buffer; contentType: string }> => {
  const user = await getUser(userId);
  if (!user) throw new UnauthorizedError();
  const data = user.logoKey ? await getObjectBytes(user.logoKey) : undefined;
  if (!user.logoKey || !data) throw new NotFoundError('logo: none uploaded');
  return { data, contentType: typeOfKey(user.logoKey) };
};
