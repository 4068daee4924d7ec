import { createHash, randomUUID } from 'node:crypto';
import type { Account } from '../core/data/accounts';
import { putMaterial } from './data/materials';
import { ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from '../core/errors';
import { logger } from '../core/http/logger';
import { checkFile } from '../core/uploads/check-file';
import { contentTypeOf, extensionOf, uploadRules, type DetectedType } from '../core/uploads/file-types';
import { deleteObject, getObjectBytes, objectSize, presignPut, putObject, stagingPrefix } from '../core/uploads/s3';
import { addMaterial, deleteMaterial, type MaterialType } from '../wechat/api/material';
import './rule-texts';

/**
 * Materials: checked (size, then content), staged in S3 under the user's prefix, forwarded to
 * WeChat as permanent material, recorded, and the staged copy removed — also when WeChat refuses,
 * so nothing half-done is left (the bucket's lifecycle rule catches a crash in between).
 */
const safeName = (name: string, detected: DetectedType) => {
  const base = name.replace(/\.[^.]*$/, '').replace(/[^\w.\-\u4e00-\u9fff]/g, '_').slice(0, 60) || 'file';
  return `${base}.${extensionOf[detected]}`;
};

const forward = async (
  account: Account,
  userId: string,
  type: MaterialType,
  stagedKey: string,
  data: Buffer,
  detected: DetectedType,
  name: string,
  video?: { title: string; introduction: string },
) => {
  try {
    const result = await addMaterial(account, type, { data, filename: name, contentType: contentTypeOf[detected] }, video);
    await putMaterial({
      appid: account.appid,
      mediaId: result.media_id,
      materialType: type,
      name,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      ...(result.url ? { url: result.url } : {}),
      createdAt: new Date().toISOString(),
    }).catch(async (error: unknown) => {
      // Not recorded (storage busy): take it back from WeChat, so the client's retry does not leave
      // a second copy there (permanent material counts against the account's quota).
      await deleteMaterial(account, result.media_id).catch((cause: unknown) =>
        logger.warn('material not recorded and not removed from WeChat', { appid: account.appid, mediaId: result.media_id, error: cause }),
      );
      throw error;
    });
    return { mediaId: result.media_id, ...(result.url ? { url: result.url } : {}) };
  } finally {
    await deleteObject(stagedKey).catch((error) => logger.warn('staged object not removed', { stagedKey, userId, error }));
  }
};

export const uploadMaterial = async (
  account: Account,
  userId: string,
  type: 'image' | 'voice' | 'thumb',
  file: { filename: string; data: Buffer },
) => {
  const detected = checkFile('file', type, file.data);
  const name = safeName(file.filename, detected);
  const key = `${stagingPrefix(userId)}${randomUUID()}/${name}`;
  await putObject(key, file.data, contentTypeOf[detected]);
  return forward(account, userId, type, key, file.data, detected, name);
};

export interface VideoInfo {
  title: string;
  introduction: string;
}

/** A small video inline, or one staged before through createUploadUrl (its key). */
export const uploadVideo = async (
  account: Account,
  userId: string,
  source: { file: { filename: string; data: Buffer } } | { key: string },
  info: VideoInfo,
) => {
  if ('file' in source) {
    const detected = checkFile('file', 'video', source.file.data);
    const name = safeName(source.file.filename, detected);
    const key = `${stagingPrefix(userId)}${randomUUID()}/${name}`;
    await putObject(key, source.file.data, contentTypeOf[detected]);
    return forward(account, userId, 'video', key, source.file.data, detected, name, info);
  }
  if (!source.key.startsWith(stagingPrefix(userId)) || source.key.includes('..')) {
    throw new ForbiddenError('key: not one of your staged uploads', { field: 'key', rule: 'upload.notYours' });
  }
  // The presigned URL bound the size, but a stand-in S3 may not enforce it: check again here.
  const size = await objectSize(source.key);
  if (size === undefined) throw new NotFoundError('key: nothing was uploaded there (or it expired)', { field: 'key', rule: 'upload.missing' });
  let detected: DetectedType;
  let data: Buffer;
  try {
    if (size > uploadRules.video.maxBytes) throw new PayloadTooLargeError(`key: a video may be at most ${uploadRules.video.maxBytes} bytes`, { field: 'file', rule: 'file.tooLarge', limit: uploadRules.video.maxBytes, given: size });
    const staged = await getObjectBytes(source.key);
    if (!staged) throw new NotFoundError('key: nothing was uploaded there (or it expired)', { field: 'key', rule: 'upload.missing' });
    data = staged;
    detected = checkFile('key', 'video', data);
  } catch (error) {
    await deleteObject(source.key).catch(() => undefined);
    throw error;
  }
  return forward(account, userId, 'video', source.key, data, detected, source.key.split('/').pop()!, info);
};

/** A presigned PUT for a file too big for a request body: one key under the user's prefix, one size. */
export const createUploadUrl = async (userId: string, type: 'video', size: number, filename: string) => {
  const rule = uploadRules[type];
  if (size > rule.maxBytes) throw new ValidationError(`size: a ${type} may be at most ${rule.maxBytes} bytes`, { problem: { field: 'size', rule: 'file.tooLarge', limit: rule.maxBytes, given: size } });
  const contentType = contentTypeOf.mp4;
  const key = `${stagingPrefix(userId)}${randomUUID()}/${safeName(filename, 'mp4')}`;
  const expiresIn = 900;
  return { key, uploadUrl: await presignPut(key, size, contentType, expiresIn), method: 'PUT', headers: { 'content-type': contentType }, expires_in: expiresIn };
};

