import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import Busboy from '@fastify/busboy';
import { detectFileType } from '../../src/core/uploads/file-types';
import type { SimContext } from './context';
import { json, okOr, type Routes } from './reply';

/**
 * Permanent materials of the simulated accounts: what add_material received (bytes and their
 * sha256, so tests compare with what was uploaded), with WeChat's checks and errcodes, and the
 * materials area's routes (at the end; get_material and its control routes are in material-get.ts).
 */
export const MaterialError = {
  invalidType: { errcode: 40004, errmsg: 'invalid media type' },
  invalidFileType: { errcode: 40005, errmsg: 'invalid file type' },
  invalidSize: { errcode: 40006, errmsg: 'invalid meida size' },
  invalidMediaId: { errcode: 40007, errmsg: 'invalid media_id' },
  missingMedia: { errcode: 41005, errmsg: 'media data missing' },
  invalidDescription: { errcode: 40200, errmsg: 'invalid video description' },
  /**
   * WeChat documents the caps (100,000 images, 1,000 of each other type) but not the code it answers
   * past them; 45110 is this simulator's stand-in, unverified against WeChat (the product maps it
   * nowhere, so it reaches a user as 50200 with the code).
   */
  countLimit: { errcode: 45110, errmsg: 'material count out of limit' },
  /** batchget_material's `count` outside 1–20 (WeChat answers it with this text). */
  invalidCount: { errcode: 40008, errmsg: 'invalid message type' },
} as const;

/** batchget_material: "返回素材的数量，取值在1到20之间". */
const batchgetMaxCount = 20;
const listableTypes = ['image', 'voice', 'video', 'news'];

export interface StoredMaterial {
  media_id: string;
  type: string;
  name: string;
  size: number;
  sha256: string;
  description?: { title: string; introduction: string };
  update_time: number;
  url?: string;
  /** A news material's articles (seeded through the control API; WeChat takes no new ones since 2021). */
  news?: Record<string, unknown>[];
}

/**
 * 上传永久素材 (https://developers.weixin.qq.com/doc/service/api/material/permanent/api_addmaterial.html):
 * "图片（image）: 10M，支持bmp/png/jpeg/jpg/gif格式", voice 2M, video 10MB MP4, thumb 64KB JPG; a
 * video's `description` (title, introduction) is optional. "素材库保存总数量有上限：图文消息素材、
 * 图片素材上限为100000，其他类型为1000" (`cap`). The page names no errcode for a full library, so
 * `countLimit` below is ours.
 */
const limits: Record<string, { maxBytes: number; types: string[]; cap: number }> = {
  image: { maxBytes: 10 * 1024 * 1024, types: ['bmp', 'png', 'jpeg', 'gif'], cap: 100_000 },
  voice: { maxBytes: 2 * 1024 * 1024, types: ['mp3', 'wma', 'wav', 'amr'], cap: 1000 },
  video: { maxBytes: 10 * 1024 * 1024, types: ['mp4'], cap: 1000 },
  thumb: { maxBytes: 64 * 1024, types: ['jpeg'], cap: 1000 },
};

export interface MultipartPart {
  name: string;
  filename?: string;
  data: Buffer;
}

export const parseMultipart = (contentType: string, body: Buffer): Promise<MultipartPart[]> =>
  new Promise((resolve, reject) => {
    const parts: MultipartPart[] = [];
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: { 'content-type': contentType } });
    } catch (error) {
      reject(error);
      return;
    }
    parser.on('field', (name: string, value: string) => parts.push({ name, data: Buffer.from(value) }));
    parser.on('file', (name: string, stream: NodeJS.ReadableStream, filename: string) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => parts.push({ name, filename, data: Buffer.concat(chunks) }));
    });
    parser.on('error', reject);
    parser.on('finish', () => resolve(parts));
    Readable.from([body]).pipe(parser);
  });

export class MaterialLibrary {
  readonly items = new Map<string, StoredMaterial>();
  /** The files themselves (get_material answers them), apart from the items the control API lists as JSON. */
  readonly files = new Map<string, Buffer>();

  add(type: string, parts: MultipartPart[], now: number): StoredMaterial | { errcode: number; errmsg: string } {
    const rule = limits[type];
    if (!rule) return MaterialError.invalidType;
    const media = parts.find((p) => p.name === 'media' && p.filename !== undefined);
    if (!media) return MaterialError.missingMedia;
    if (media.data.length === 0 || media.data.length > rule.maxBytes) return MaterialError.invalidSize;
    const detected = detectFileType(media.data);
    if (!detected || !rule.types.includes(detected)) return MaterialError.invalidFileType;
    let description: StoredMaterial['description'];
    if (this.countOf(type) >= rule.cap) return MaterialError.countLimit;
    const given = parts.find((p) => p.name === 'description');
    if (type === 'video' && given) {
      try {
        const parsed = JSON.parse(given.data.toString('utf8')) as Partial<{ title: unknown; introduction: unknown }> | null;
        if (typeof parsed !== 'object' || parsed === null) return MaterialError.invalidDescription;
        description = { title: typeof parsed.title === 'string' ? parsed.title : '', introduction: typeof parsed.introduction === 'string' ? parsed.introduction : '' };
      } catch {
        return MaterialError.invalidDescription;
      }
    }
    const item: StoredMaterial = {
      media_id: randomBytes(24).toString('base64url'),
      type,
      name: media.filename!,
      size: media.data.length,
      sha256: createHash('sha256').update(media.data).digest('hex'),
      ...(description ? { description } : {}),
      update_time: Math.floor(now / 1000),
      ...(type === 'image' ? { url: `http://mmbiz.qpic.cn/mmbiz_png/${randomBytes(8).toString('hex')}/0` } : {}),
    };
    this.items.set(item.media_id, item);
    this.files.set(item.media_id, media.data);
    return item;
  }

  /** How many of the cap's kind the library holds (images and thumbs share WeChat's image count). */
  countOf(type: string): number {
    const kinds = type === 'image' || type === 'thumb' ? ['image', 'thumb'] : [type];
    const filled = kinds.reduce((sum, kind) => sum + (this.filler[kind] ?? 0), 0);
    return filled + [...this.items.values()].filter((m) => kinds.includes(m.type)).length;
  }

  /** Materials counted but not stored (the control API fills a library to its cap cheaply). */
  readonly filler: Record<string, number> = {};

  remove(mediaId: string): boolean {
    this.files.delete(mediaId);
    return this.items.delete(mediaId);
  }

  count() {
    const of = (type: string) => [...this.items.values()].filter((m) => m.type === type).length;
    return { voice_count: of('voice'), video_count: of('video'), image_count: of('image') + of('thumb'), news_count: of('news') };
  }

  list(type: string, offset: number, count: number) {
    const all = [...this.items.values()].filter((m) => m.type === type || (type === 'image' && m.type === 'thumb'));
    const page = all.slice(offset, offset + count);
    return {
      total_count: all.length,
      item_count: page.length,
      item: page.map((m) => ({ media_id: m.media_id, name: m.name, update_time: m.update_time, ...(m.url ? { url: m.url } : {}) })),
    };
  }
}

/** add_material, del_material, get_materialcount, batchget_material; the control API lists an account's materials. */
export const materials = ({ accountCall, libraryOf, now }: SimContext): Routes => ({
  'POST /cgi-bin/material/add_material': (req) =>
    accountCall(req, 'cgi-bin/material/add_material', async (appid) => {
      let parts;
      try {
        parts = await parseMultipart(req.contentType, req.raw);
      } catch {
        return json(MaterialError.missingMedia);
      }
      return json(libraryOf(appid).add(req.query.get('type') ?? '', parts, now()));
    }),
  'POST /cgi-bin/material/del_material': (req) =>
    accountCall(req, 'cgi-bin/material/del_material', (appid) =>
      okOr(libraryOf(appid).remove(String(req.body['media_id'] ?? '')) ? undefined : MaterialError.invalidMediaId),
    ),
  'GET /cgi-bin/material/get_materialcount': (req) => accountCall(req, 'cgi-bin/material/get_materialcount', (appid) => json(libraryOf(appid).count())),
  'POST /cgi-bin/material/batchget_material': (req) =>
    accountCall(req, 'cgi-bin/material/batchget_material', (appid) => {
      const type = String(req.body['type'] ?? '');
      const count = Number(req.body['count'] ?? 0);
      if (!listableTypes.includes(type)) return json(MaterialError.invalidType);
      if (!(count >= 1 && count <= batchgetMaxCount)) return json(MaterialError.invalidCount);
      return json(libraryOf(appid).list(type, Number(req.body['offset'] ?? 0), count));
    }),

  // ---- control API ----
  'GET /__sim/materials': (req) => json({ materials: [...libraryOf(req.query.get('appid') ?? '').items.values()] }),
  /** Counts `count` more materials of `type` against WeChat's cap without storing them: {appid, type, count}. */
  'POST /__sim/materials/fill': (req) => {
    const library = libraryOf(String(req.body['appid'] ?? ''));
    const type = String(req.body['type'] ?? 'image');
    library.filler[type] = (library.filler[type] ?? 0) + Number(req.body['count'] ?? 0);
    return json({ type, count: library.countOf(type) });
  },
});
