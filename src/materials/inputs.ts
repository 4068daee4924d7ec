// zod/mini, not classic zod: classic zod was 92 KB of every materials.* bundle (README, "Cold start").
import * as z from 'zod/mini';
import { appid, flag, preprocess, xmlText } from '../core/http/schemas-mini';
import { ValidationError } from '../core/errors';
import type { UploadedFile } from '../core/http/body';
import type { FileField } from '../core/contract';

/** Request schemas of the material endpoints, with the seed's spellings (`tile`, `mediald`, `logolFile`). */
const optionalAppid = { appid: z.optional(appid) };

const alias = (from: string, to: string) => (value: unknown) => {
  if (typeof value !== 'object' || value === null) return value;
  const { [from]: aliased, ...rest } = value as Record<string, unknown>;
  return { ...rest, [to]: rest[to] ?? aliased };
};

export const UploadMaterialInput = z.object({ ...optionalAppid, type: z.enum(['image', 'voice', 'thumb']) });

export const UploadVideoInput = preprocess(
  alias('tile', 'title'),
  z.object({
    ...optionalAppid,
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(64), xmlText()),
    desc: z._default(z.string().check(z.trim(), z.maxLength(512), xmlText()), ''),
    key: z.optional(z.string().check(z.trim(), z.maxLength(512))),
  }),
);

export const CreateUploadUrlInput = z.object({
  type: z.literal('video'),
  size: z.coerce.number().check(z.int(), z.gte(1)),
  contentType: z._default(z.literal('video/mp4'), 'video/mp4'),
  filename: z._default(z.string().check(z.trim(), z.maxLength(128)), 'video.mp4'),
});

export const MediaIdInput = preprocess(alias('mediald', 'mediaId'), z.object({ ...optionalAppid, mediaId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)) }));

/** Deleting a material: `force` deletes it although reply rules use it (those rules are then marked). */
export const RemoveMaterialInput = preprocess(
  alias('mediald', 'mediaId'),
  z.object({
    ...optionalAppid,
    mediaId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
    force: z.optional(flag),
  }),
);

/** An image material to show (materials.image): WeChat's media_ids are base64url-like. */
export const MaterialImageInput = z.object({
  ...optionalAppid,
  mediaId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128), z.regex(/^[\w-]+$/, "letters, digits, '_' and '-' only (a WeChat media_id)"), z.meta({ examples: ['5A2zq0yXp_QGo9JRedKO2WryodIHflEKPgc2giBFPXn8'] })),
});

export const MaterialCountInput = z.object(optionalAppid);

export const MaterialListInput = z.object({
  ...optionalAppid,
  type: z.enum(['image', 'voice', 'video', 'news']),
  offset: z._default(z.coerce.number().check(z.int(), z.gte(0)), 0),
  count: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(20)), 20),
});

/** A file part of a multipart body: its field name, the seed's spelling of it, what it may hold. */
export type { FileField } from '../core/contract';

export const materialFile = {
  name: 'file',
  required: true,
  description: 'image ≤ 2 MB (png, jpeg); voice ≤ 2 MB (mp3, wma, wav, amr); thumb ≤ 64 KB (jpeg); checked by content',
} as const satisfies FileField;

export const videoFile = {
  name: 'file',
  required: false,
  description: 'mp4 ≤ 10 MB; omit it and name a staged upload with `key` instead',
} as const satisfies FileField;

export const logoFile = {
  name: 'logoFile',
  alias: 'logolFile',
  required: true,
  description: 'png or jpeg ≤ 2 MB; checked by content',
} as const satisfies FileField;

/** uploadLogo has no field but its file. */
export const UploadLogoInput = z.object({});

/** The uploaded file of a multipart field (or its alias), or 40000 naming the field. */
export const fileField = (files: UploadedFile[], name: string, aliasName?: string): UploadedFile => {
  const file = files.find((f) => f.field === name || f.field === aliasName);
  if (!file) throw new ValidationError(`${name}: is required (a file in a multipart/form-data body)`, { problem: { field: name, rule: 'file.required' } });
  return file;
};
