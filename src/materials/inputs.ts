import * as z from 'zod';
import { appid } from '../http/schemas';
import { ValidationError } from '../http/errors';
import type { UploadedFile } from '../http/body';

/** Request schemas of the material endpoints, with the seed's spellings (`tile`, `mediald`, `logolFile`). */
const optionalAppid = { appid: appid.optional() };

const alias = (from: string, to: string) => (value: unknown) => {
  if (typeof value !== 'object' || value === null) return value;
  const { [from]: aliased, ...rest } = value as Record<string, unknown>;
  return { ...rest, [to]: rest[to] ?? aliased };
};

export const UploadMaterialInput = z.object({ ...optionalAppid, type: z.enum(['image', 'voice', 'thumb']) });

export const UploadVideoInput = z.preprocess(
  alias('tile', 'title'),
  z.object({
    ...optionalAppid,
    title: z.string().trim().min(1).max(64),
    desc: z.string().trim().max(512).default(''),
    key: z.string().trim().max(512).optional(),
  }),
);

export const CreateUploadUrlInput = z.object({
  type: z.literal('video'),
  size: z.coerce.number().int().min(1),
  contentType: z.literal('video/mp4').default('video/mp4'),
  filename: z.string().trim().max(128).default('video.mp4'),
});

export const MediaIdInput = z.preprocess(alias('mediald', 'mediaId'), z.object({ ...optionalAppid, mediaId: z.string().trim().min(1).max(128) }));

export const MaterialCountInput = z.object(optionalAppid);

export const MaterialListInput = z.object({
  ...optionalAppid,
  type: z.enum(['image', 'voice', 'video', 'news']),
  offset: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(20).default(20),
});

/** The uploaded file of a multipart field (or its alias), or 40000 naming the field. */
export const fileField = (files: UploadedFile[], name: string, aliasName?: string): UploadedFile => {
  const file = files.find((f) => f.field === name || f.field === aliasName);
  if (!file) throw new ValidationError(`${name}: is required (a file in a multipart/form-data body)`);
  return file;
};
