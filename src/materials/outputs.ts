import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';

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
export const RemoveMaterialOutput = OkOnly;
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
