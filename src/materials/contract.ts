import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { CreateUploadUrlInput, MaterialCountInput, MaterialImageInput, MaterialListInput, RemoveMaterialInput, UploadLogoInput, UploadMaterialInput, UploadVideoInput, logoFile, materialFile, videoFile } from './inputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { materialsRoutes } from './routes';

/** Answers of the material endpoints. */

export const UploadMaterialOutput = okBody({ mediaId: z.string(), url: z.string().optional() });
export const UploadVideoOutput = okBody({ mediaId: z.string() });
export const CreateUploadUrlOutput = okBody({
  key: z.string().meta({ description: 'name it as `key` in uploadVideoMaterial after the PUT' }),
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expires_in: z.number().int(),
});
export const RemoveMaterialOutput = okBody({
  // Without `force`, reply rules using the material answer 40900 with `rules: [{keyword, type}]`, and nothing is deleted.
  rulesMarked: z.number().int().meta({ description: 'reply rules that used the material (deleted with `force`): listReply marks them `mediaMissing`' }),
});
export const MaterialCountOutput = okBody({
  voice_count: z.number().int(),
  video_count: z.number().int(),
  image_count: z.number().int(),
  news_count: z.number().int(),
});
export const MaterialListOutput = okBody({
  total_count: z.number().int(),
  item_count: z.number().int(),
  item: z
    .array(
      z
        .object({ media_id: z.string(), name: z.string().optional(), url: z.string().optional(), update_time: z.number().optional() })
        .catchall(z.unknown()),
    ).meta({ description: "WeChat's items as it lists them" }),
});
export const UploadLogoOutput = okBody({ logoUrl: z.string() });

export const MaterialImageAnswer = z.string().meta({ format: 'binary', description: "the image's bytes under its own content type (image/png, image/jpeg, image/gif, image/bmp, image/webp)" });

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const materialsContract = {
  'materials.upload': {
    input: UploadMaterialInput,
    output: UploadMaterialOutput,
    account: true,
    files: [materialFile],
  },
  'materials.uploadVideo': {
    input: UploadVideoInput,
    output: UploadVideoOutput,
    account: true,
    files: [videoFile],
    aliases: { tile: 'title' },
  },
  'materials.createUploadUrl': { input: CreateUploadUrlInput, output: CreateUploadUrlOutput },
  'materials.remove': { input: RemoveMaterialInput, output: RemoveMaterialOutput, account: true, aliases: { mediald: 'mediaId' }, codes: [E.conflict] },
  'materials.count': { input: MaterialCountInput, output: MaterialCountOutput, account: true },
  'materials.list': { input: MaterialListInput, output: MaterialListOutput, account: true },
  'materials.image': {
    input: MaterialImageInput,
    output: z.never(),
    json: false,
    account: true,
    codes: [E.payloadTooLarge, E.unsupportedMediaType],
    answer: { contentType: 'image/*', schema: MaterialImageAnswer, description: "the image's bytes under its own content type; `Cache-Control: private, max-age=2592000, immutable` (a media_id's file never changes)" },
  },
  'materials.uploadLogo': {
    input: UploadLogoInput,
    output: UploadLogoOutput,
    files: [logoFile],
    aliases: { logolFile: 'logoFile' },
  },
} as const satisfies Record<keyof typeof materialsRoutes, ContractSpec>;
