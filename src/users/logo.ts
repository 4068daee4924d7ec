import { randomUUID } from 'node:crypto';
import { setUserLogo } from './data/users';
import { checkFile } from '../core/uploads/check-file';
import { contentTypeOf, extensionOf } from '../core/uploads/file-types';
import { presignGet, putObject } from '../core/uploads/s3';

/** A user's logo: png/jpeg ≤ 2 MB by content, kept in the bucket (not sent to WeChat). */
export const uploadLogo = async (userId: string, field: string, data: Buffer) => {
  const detected = checkFile(field, 'logo', data);
  const key = `logos/${userId}/${randomUUID()}.${extensionOf[detected]}`;
  await putObject(key, data, contentTypeOf[detected]);
  await setUserLogo(userId, key);
  return { logoUrl: await presignGet(key) };
};

/** A URL that serves the logo for an hour (the bucket itself stays private). */
export const logoUrl = (logoKey: string | undefined) => (logoKey ? presignGet(logoKey) : Promise.resolve(undefined));
