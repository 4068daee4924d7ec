import { randomBytes } from 'node:crypto';
import { detectFileType } from '../../src/core/uploads/file-types';
import type { SimContext } from './context';
import { MaterialError } from './materials';
import { bytes, json, type Routes } from './reply';

/**
 * cgi-bin/material/get_material as WeChat answers it today
 * (developers.weixin.qq.com/doc/service/api/material/permanent/api_getmaterial):
 * POST `{"media_id": …}` with the account's access_token; a news material answers JSON
 * `{news_item: [...]}`, a video JSON `{title, description, down_url}`, any other type the file
 * itself ("响应的直接为素材的内容") with its content type and `Content-disposition: attachment;
 * filename="MEDIA_ID.ext"`; an id the account does not hold answers `{"errcode":40007,"errmsg":"invalid media_id"}`.
 *
 * The control API adds `POST /__sim/materials` {appid, type: 'image' | 'news', size?}: a material
 * as if uploaded in mp.weixin.qq.com (an image up to WeChat's 10 MB, bigger than the platform's own
 * uploads take; a news material of an account older than the 2021 switch to drafts).
 */
const contentTypes: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  mp3: 'audio/mpeg',
  wma: 'audio/x-ms-wma',
  wav: 'audio/wav',
  amr: 'audio/amr',
};

const pngHead = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const materialGet = (ctx: SimContext): Routes => ({
  'POST /cgi-bin/material/get_material': (req) =>
    ctx.accountCall(req, 'cgi-bin/material/get_material', (appid) => {
      const library = ctx.libraryOf(appid);
      const id = typeof req.body['media_id'] === 'string' ? req.body['media_id'] : '';
      const item = library.items.get(id);
      if (!item) return json(MaterialError.invalidMediaId);
      if (item.type === 'news') return json({ news_item: item.news ?? [] });
      if (item.type === 'video') {
        return json({
          title: item.description?.title ?? '',
          description: item.description?.introduction ?? '',
          down_url: `${ctx.selfUrl}/__sim/materials/download?${new URLSearchParams({ appid, media_id: id })}`,
        });
      }
      const data = library.files.get(id) ?? Buffer.alloc(0);
      const detected = detectFileType(data);
      // WeChat names the file after the media_id (its docs: filename="MEDIA_ID.jpg"), never the uploaded name.
      return bytes(data, (detected && contentTypes[detected]) ?? 'application/octet-stream', {
        'content-disposition': `attachment; filename="${id}.${detected ?? 'bin'}"`,
        'cache-control': 'no-cache, must-revalidate',
      });
    }),
  /** A video's down_url (WeChat's CDN; no token). */
  'GET /__sim/materials/download': (req) => {
    const data = ctx.libraryOf(req.query.get('appid') ?? '').files.get(req.query.get('media_id') ?? '');
    return data ? bytes(data, 'video/mp4') : json(MaterialError.invalidMediaId);
  },
  'POST /__sim/materials': (req) => {
    const library = ctx.libraryOf(String(req.body['appid'] ?? ''));
    const type = req.body['type'] === 'news' ? 'news' : 'image';
    const media_id = randomBytes(24).toString('base64url');
    const update_time = Math.floor(ctx.now() / 1000);
    if (type === 'news') {
      library.items.set(media_id, {
        media_id,
        type,
        name: '',
        size: 0,
        sha256: '',
        update_time,
        news: [{ title: 'Opening day', thumb_media_id: '', show_cover_pic: 0, author: '', digest: '', content: '<p>Hello</p>', url: 'http://mp.weixin.qq.com/s?__biz=sim', content_source_url: '' }],
      });
    } else {
      const size = Math.max(pngHead.length, Number(req.body['size'] ?? 2048));
      const data = Buffer.concat([pngHead, randomBytes(size - pngHead.length)]);
      library.items.set(media_id, { media_id, type, name: `${media_id.slice(0, 8)}.png`, size, sha256: '', update_time });
      library.files.set(media_id, data);
    }
    return json({ media_id });
  },
});
