// zod/mini, not classic zod (README, "Cold start"). Same checks, messages and JSON Schema.
import * as z from 'zod/mini';
import { appid, maxUtf8Bytes, preprocess } from '../core/http/schemas-mini';
import { utf8Bytes, wechatLimits } from '../wechat/limits';

/** Request schemas of the QR code, JSSDK and web OAuth endpoints (SPEC §4 "Platform"), the seed's aliases included. */
const optionalAppid = { appid: z.optional(appid) };
const httpUrl = z.string().check(z.trim(), z.maxLength(2048), z.regex(/^https?:\/\/\S+$/i, 'httpUrl'), z.meta({ examples: ['https://shop.example.com/page'] }));

/** `sceneId` (seed: `senseld`): digits are an integer scene, anything else a string scene. */
export const QrcodeInput = preprocess(
  (value) => {
    if (typeof value !== 'object' || value === null) return value;
    const { senseld, ...rest } = value as Record<string, unknown>;
    return { ...rest, sceneId: rest['sceneId'] ?? senseld };
  },
  z.object({
    ...optionalAppid,
    sceneId: z.pipe(
      z.union([
        z.number(),
        z
          .string()
          .check(
            z.trim(),
            z.minLength(1),
            maxUtf8Bytes(wechatLimits.qrSceneStrBytes),
          ),
      ]),
      z.transform((s) => (typeof s === 'string' && /^\d{1,10}$/.test(s) ? Number(s) : s)),
    ),
    expire: z.optional(z.coerce.number().check(z.int())),
  }),
);

export const JsticketInput = z.object({ appid, url: httpUrl });

export const WebauthInput = z.object({
  appid,
  scope: z._default(z.enum(['snsapi_base', 'snsapi_userinfo']), 'snsapi_base'),
  redirect: z.optional(httpUrl),
  code: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(512))),
  // WeChat gives back only [a-zA-Z0-9], at most 128 bytes (网页授权): anything else is not a state we made.
  state: z.optional(z.string().check(z.trim(), z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9]+$/, 'format.oauthState'))),
});
