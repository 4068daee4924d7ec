import { randomUUID } from 'node:crypto';
import { setUserLogo } from './data/users';
import { checkFile } from '../core/uploads/check-file';
import { contentTypeOf, extensionOf } from '../core/uploads/file-types';
import { deleteObject, presignGet, putObject } from '../core/uploads/s3';
import { logger } from '../core/http/logger';

/** A user's logo: png/jpeg ≤ 2 MB by content, kept in the bucket (not sent to WeChat). */
export const uploadLogo = async (userId: string, field: string, data: Buffer) => {
  const detected = checkFile(field, 'logo', data);
  const key = `logos/${userId}/${randomUUID()}.${extensionOf[detected]}`;
  await putObject(key, data, contentTypeOf[detected]);
  const replaced = await setUserLogo(userId, key);
  // Only once the new key is committed: a failure before leaves the old logo shown, never none.
  // A failure of the delete itself leaves one orphan, logged; the answer is still the new logo.
  if (replaced?.startsWith(`logos/${userId}/`)) {
    await deleteObject(replaced).catch((error: unknown) => logger.warn('old logo not deleted', { key: replaced, error }));
  }
  return { logoUrl: await presignGet(key) };
};

/** A URL that serves the logo for an hour (the bucket itself stays private). */
export const logoUrl = (logoKey: string | undefined) => (logoKey ? presignGet(logoKey) : Promise.resolve(undefined));
