import type { CapableAccount } from '../../core/capabilities';
import { fetchWechatBytes } from '../http-client';
import { accountTokenRef, tokens } from '../tokens';
import { callAsAccount } from './account-client';

/** Permanent materials (cgi-bin/material/*). */
type A = CapableAccount;
export type MaterialType = 'image' | 'voice' | 'video' | 'thumb';

/** Multipart upload: the file in field `media`; videos add `description` {title, introduction}. */
export const addMaterial = (
  a: A,
  type: MaterialType,
  file: { data: Buffer; filename: string; contentType: string },
  video?: { title: string; introduction: string },
) => {
  // A fresh form per attempt: the token store may retry the call once with a new token.
  return callAsAccount<{ media_id: string; url?: string }>(a, {
    path: 'cgi-bin/material/add_material',
    query: { type },
    get form() {
      const form = new FormData();
      form.append('media', new Blob([file.data], { type: file.contentType }), file.filename);
      if (video) form.append('description', JSON.stringify(video));
      return form;
    },
  });
};

export const deleteMaterial = (a: A, mediaId: string) => callAsAccount(a, { path: 'cgi-bin/material/del_material', json: { media_id: mediaId } });

export const materialCount = (a: A) =>
  callAsAccount<{ voice_count: number; video_count: number; image_count: number; news_count: number }>(a, {
    method: 'GET',
    path: 'cgi-bin/material/get_materialcount',
  });

export const listMaterials = (a: A, type: MaterialType | 'news', offset: number, count: number) =>
  callAsAccount<{ total_count: number; item_count: number; item: Record<string, unknown>[] }>(a, {
    path: 'cgi-bin/material/batchget_material',
    json: { type, offset, count },
  });

/**
 * One permanent material (get_material): an image, voice or thumb comes as the file itself, a
 * news or video material as JSON. Reading stops past `maxBytes`. Each call counts against the
 * account's daily quota for this API.
 */
export const getMaterial = (a: A, mediaId: string, maxBytes: number) =>
  tokens.withToken(accountTokenRef(a), (accessToken) =>
    fetchWechatBytes({ path: 'cgi-bin/material/get_material', query: { access_token: accessToken }, json: { media_id: mediaId } }, maxBytes),
  );
