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
  invalidTagId: { errcode: 45159, errmsg: 'invalid tag id' },
  invalidOpenid: { errcode: 40003, errmsg: 'invalid openid' },
} as const;

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
}

interface Tag {
  id: number;
  name: string;
}

/** WeChat's built-in tags: 0 ungrouped (not listed as a tag), 1 blacklist, 2 starred. */
const reservedTags: Tag[] = [
  { id: 1, name: '黑名单' },
  { id: 2, name: '星标组' },
];

export class Audience {
  readonly followers = new Map<string, Follower>();
  /** Insertion order = WeChat's listing order. */
  readonly order: string[] = [];
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
    if ([...name].length > 30) return TagError.nameTooLong;
    if ([...this.tags.values()].some((t) => t.name === name)) return TagError.nameExists;
    if (this.tags.size - reservedTags.length >= 100) return TagError.tooManyTags;
    const tag = { id: this.nextTagId++, name };
    this.tags.set(tag.id, tag);
    return tag;
  }

  updateTag(id: number, name: string): SimErrorBody | undefined {
    if (id <= 2) return TagError.reservedTag;
    const tag = this.tags.get(id);
    if (!tag) return TagError.invalidTagId;
    if ([...name].length > 30) return TagError.nameTooLong;
    if ([...this.tags.values()].some((t) => t.name === name && t.id !== id)) return TagError.nameExists;
    tag.name = name;
    return undefined;
  }

  deleteTag(id: number): SimErrorBody | undefined {
    if (id <= 2) return TagError.reservedTag;
    if (!this.tags.delete(id)) return TagError.invalidTagId;
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

  profile(openid: string): (Follower & { subscribe: 1; groupid: number }) | undefined {
    const f = this.followers.get(openid);
    return f ? { subscribe: 1, ...f, groupid: f.tagid_list[0] ?? 0 } : undefined;
  }
}

export { SimError };
