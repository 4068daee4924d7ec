import { randomBytes } from 'node:crypto';
import { SimError, type SimErrorBody } from './errors';

/**
 * Followers, tags (WeChat's user tags, which replaced the old groups API), remarks, QR tickets and
 * web-OAuth codes of the simulated accounts, with WeChat's limits and errcodes.
 */
export const TagError = {
  nameExists: { errcode: 45157, errmsg: 'invalid tag name' },
  nameTooLong: { errcode: 45158, errmsg: 'tag name too long' },
  tooManyTags: { errcode: 45056, errmsg: 'create tag count limit' },
  reservedTag: { errcode: 45058, errmsg: "can't modify sys tag" },
  tooManyTagsOnUser: { errcode: 45059, errmsg: 'user tag count limit' },
  tooManyFollowers: { errcode: 45057, errmsg: "can't delete the tag that has too many fans" },
  invalidTagId: { errcode: 45159, errmsg: 'invalid tag id' },
  invalidOpenid: { errcode: 40003, errmsg: 'invalid openid' },
} as const;

/** WeChat's unit for tag names: 30 bytes of UTF-8 (45158 "标签名长度超过30个字节"). */
export const tagNameMaxBytes = 30;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export interface Follower {
  openid: string;
  nickname: string;
  sex: number;
  city: string;
  province: string;
  country: string;
  language: string;
  headimgurl: string;
  subscribe_time: number;
  remark: string;
  tagid_list: number[];
  subscribe_scene: string;
  qr_scene: number;
  qr_scene_str: string;
}

interface Tag {
  id: number;
  name: string;
}

/**
 * WeChat's reserved ids 0/1/2 (45058 "不能修改0/1/2这三个系统默认保留的标签"): 0 is "no tag" and 1 the
 * old groups API's blacklist — neither is listed by tags/get (the blacklist has its own API) — and
 * 2 is the starred tag, which is listed.
 */
const reservedTags: Tag[] = [{ id: 2, name: '星标组' }];
const isReserved = (id: number) => id >= 0 && id <= 2;

export class Audience {
  readonly followers = new Map<string, Follower>();
  /** Insertion order = WeChat's listing order. */
  readonly order: string[] = [];
  /** The blacklist (its own API, not a tag). */
  readonly blacklist = new Set<string>();
  private readonly tags = new Map<number, Tag>(reservedTags.map((t) => [t.id, t]));
  private nextTagId = 100;

  addFollowers(count: number, tagid?: number): string[] {
    const created: string[] = [];
    for (let i = 0; i < count; i++) {
      const openid = `o${randomBytes(13).toString('hex').slice(0, 27)}`;
      this.followers.set(openid, {
        openid,
        nickname: `Follower ${this.order.length + 1}`,
        sex: 1 + (i % 2),
        city: '广州',
        province: '广东',
        country: '中国',
        language: 'zh_CN',
        headimgurl: `http://thirdwx.qlogo.cn/mmopen/${openid}/132`,
        subscribe_time: 1700000000 + i,
        remark: '',
        tagid_list: tagid === undefined ? [] : [tagid],
        subscribe_scene: 'ADD_SCENE_QR_CODE',
        qr_scene: 0,
        qr_scene_str: 'welcome',
      });
      this.order.push(openid);
      created.push(openid);
    }
    return created;
  }

  listTags() {
    return [...this.tags.values()].map((t) => ({
      id: t.id,
      name: t.name,
      count: [...this.followers.values()].filter((f) => f.tagid_list.includes(t.id)).length,
    }));
  }

  createTag(name: string): Tag | SimErrorBody {
    if (bytes(name) > tagNameMaxBytes) return TagError.nameTooLong;
    if ([...this.tags.values()].some((t) => t.name === name)) return TagError.nameExists;
    if (this.tags.size - reservedTags.length >= 100) return TagError.tooManyTags;
    const tag = { id: this.nextTagId++, name };
    this.tags.set(tag.id, tag);
    return tag;
  }

  updateTag(id: number, name: string): SimErrorBody | undefined {
    if (isReserved(id)) return TagError.reservedTag;
    const tag = this.tags.get(id);
    if (!tag) return TagError.invalidTagId;
    if (bytes(name) > tagNameMaxBytes) return TagError.nameTooLong;
    if ([...this.tags.values()].some((t) => t.name === name && t.id !== id)) return TagError.nameExists;
    tag.name = name;
    return undefined;
  }

  deleteTag(id: number): SimErrorBody | undefined {
    if (isReserved(id)) return TagError.reservedTag;
    if (!this.tags.has(id)) return TagError.invalidTagId;
    if (this.listTags().find((t) => t.id === id)!.count > 100_000) return TagError.tooManyFollowers;
    this.tags.delete(id);
    for (const f of this.followers.values()) f.tagid_list = f.tagid_list.filter((t) => t !== id);
    return undefined;
  }

  tagUsers(id: number, openids: string[], add: boolean): SimErrorBody | undefined {
    if (!this.tags.has(id)) return TagError.invalidTagId;
    if (openids.length === 0 || openids.length > 50) return { errcode: 40032, errmsg: 'invalid openid list size' };
    for (const openid of openids) if (!this.followers.has(openid)) return TagError.invalidOpenid;
    for (const openid of openids) {
      const f = this.followers.get(openid)!;
      if (add && !f.tagid_list.includes(id)) {
        if (f.tagid_list.length >= 20) return TagError.tooManyTagsOnUser;
        f.tagid_list.push(id);
      }
      if (!add) f.tagid_list = f.tagid_list.filter((t) => t !== id);
    }
    return undefined;
  }

  /** user/tag/get: up to 10,000 openids of a tag, after `next` (WeChat's next_openid). */
  tagMembers(id: number, next: string): { count: number; data?: { openid: string[] }; next_openid: string } | SimErrorBody {
    if (!this.tags.has(id)) return TagError.invalidTagId;
    const members = this.order.filter((o) => this.followers.get(o)!.tagid_list.includes(id));
    const start = next ? members.indexOf(next) + 1 : 0;
    const page = members.slice(start, start + 10_000);
    return page.length
      ? { count: page.length, data: { openid: page }, next_openid: page[page.length - 1]! }
      : { count: 0, next_openid: '' };
  }

  /** The blacklist API: every openid must follow the account; at most 20 a call. */
  setBlacklisted(openids: string[], on: boolean): SimErrorBody | undefined {
    if (openids.length === 0 || openids.length > 20) return { errcode: 40032, errmsg: 'invalid openid list size' };
    for (const openid of openids) if (!this.followers.has(openid)) return TagError.invalidOpenid;
    for (const openid of openids) on ? this.blacklist.add(openid) : this.blacklist.delete(openid);
    return undefined;
  }

  /**
   * user/info and batchget as WeChat answers them today: no nickname, avatar, gender or region
   * (removed in 2021), no language ("该字段不再提供").
   */
  profile(openid: string) {
    const f = this.followers.get(openid);
    if (!f) return undefined;
    return {
      subscribe: 1,
      openid: f.openid,
      subscribe_time: f.subscribe_time,
      remark: f.remark,
      groupid: f.tagid_list[0] ?? 0,
      tagid_list: f.tagid_list,
      subscribe_scene: f.subscribe_scene,
      qr_scene: f.qr_scene,
      qr_scene_str: f.qr_scene_str,
    };
  }
}

export { SimError };
