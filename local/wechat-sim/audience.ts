import { createHash, randomBytes } from 'node:crypto';
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

/**
 * A large audience made from a seed (`seed`): its followers are computed from their position, so
 * 250,000 of them cost a few numbers until one is changed (remark, tag, blacklist), when that one
 * is kept in `followers` like any other. Openids are `o` + 7 characters of the seed's hash + the
 * position in 20 digits: 28 characters as WeChat's, and next_openid is found without a search.
 */
interface Seeded {
  seed: string;
  prefix: string;
  count: number;
  /** Tags the seed spreads its followers over (ids made at seeding). */
  tagIds: number[];
}

/** A small deterministic hash of (seed, position, salt) in [0, 1). */
const unit = (seed: string, i: number, salt: string) => createHash('sha1').update(`${seed}:${i}:${salt}`).digest().readUInt32BE(0) / 2 ** 32;

/** What the seed makes of position i: a fixed share tagged, remarked and QR-attributed. */
const seededFollower = (s: Seeded, i: number): Follower => {
  const r = unit(s.seed, i, 'p');
  const tag = s.tagIds.length && r < 0.3 ? [s.tagIds[Math.floor(r * 10) % s.tagIds.length]!] : [];
  const qr = r > 0.8;
  return {
    openid: `o${s.prefix}${String(i).padStart(20, '0')}`,
    nickname: '',
    sex: 0,
    city: '',
    province: '',
    country: '',
    language: 'zh_CN',
    headimgurl: '',
    // Followers arrive over about five years, in listing order, a few minutes apart.
    subscribe_time: 1_600_000_000 + i * 600 + Math.floor(r * 600),
    remark: r > 0.95 ? `会员${i}` : '',
    tagid_list: tag,
    subscribe_scene: qr ? 'ADD_SCENE_QR_CODE' : r < 0.5 ? 'ADD_SCENE_SEARCH' : 'ADD_SCENE_ARTICLE',
    qr_scene: 0,
    qr_scene_str: qr ? `scene${i % 5}` : '',
  };
};

export class Audience {
  /** Followers kept one by one: those added, and seeded ones once changed. */
  readonly followers = new Map<string, Follower>();
  /** Insertion order = WeChat's listing order (after the seeded followers, if any). */
  readonly order: string[] = [];
  private readonly position = new Map<string, number>();
  private seeded: Seeded | undefined;
  /** Seeded followers who unfollowed. */
  private readonly gone = new Set<string>();
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
      this.position.set(openid, this.order.length);
      this.order.push(openid);
      created.push(openid);
    }
    return created;
  }

  /** Replaces the seeded part with `count` followers made from `seed` (and three tags they are spread over). */
  seed(count: number, seed: string): { total: number; first: string; tagIds: number[] } {
    const tagIds = ['会员', '老客户', '活动'].map((name) => {
      const existing = [...this.tags.values()].find((t) => t.name === name);
      return existing?.id ?? (this.createTag(name) as Tag).id;
    });
    const prefix = createHash('sha256').update(seed).digest('base64url').replace(/[-_]/g, 'x').slice(0, 7);
    this.seeded = { seed, prefix, count, tagIds };
    this.gone.clear();
    return { total: this.total(), first: this.openidAt(0) ?? '', tagIds };
  }

  private seededIndex(openid: string): number | undefined {
    const s = this.seeded;
    if (!s || openid.length !== 28 || !openid.startsWith(`o${s.prefix}`)) return undefined;
    const i = Number(openid.slice(8));
    return Number.isInteger(i) && i >= 0 && i < s.count ? i : undefined;
  }

  private openidAt(i: number): string | undefined {
    return this.seeded && i < this.seeded.count ? `o${this.seeded.prefix}${String(i).padStart(20, '0')}` : undefined;
  }

  /** A follower of today (seeded or added), or undefined. */
  get(openid: string): Follower | undefined {
    const kept = this.followers.get(openid);
    if (kept) return kept;
    const i = this.seededIndex(openid);
    return i === undefined || this.gone.has(openid) ? undefined : seededFollower(this.seeded!, i);
  }

  has(openid: string): boolean {
    return this.get(openid) !== undefined;
  }

  /** The follower kept one by one from now on, so a change to it lasts. */
  private keep(openid: string): Follower | undefined {
    const f = this.get(openid);
    if (f && !this.followers.has(openid)) this.followers.set(openid, f);
    return f;
  }

  total(): number {
    return (this.seeded ? this.seeded.count - this.gone.size : 0) + this.order.filter((o) => this.followers.has(o)).length;
  }

  /** user/get's page: up to `size` openids after `next` in WeChat's listing order. */
  page(next: string, size: number): string[] {
    const out: string[] = [];
    const seededCount = this.seeded?.count ?? 0;
    let i: number;
    if (!next) i = 0;
    else {
      const s = this.seededIndex(next);
      const p = this.position.get(next);
      if (s !== undefined) i = s + 1;
      else if (p !== undefined) i = seededCount + p + 1;
      else return [];
    }
    for (; out.length < size && i < seededCount + this.order.length; i++) {
      const openid = i < seededCount ? this.openidAt(i)! : this.order[i - seededCount]!;
      if (i < seededCount ? !this.gone.has(openid) : this.followers.has(openid)) out.push(openid);
    }
    return out;
  }

  /** Every follower in listing order (the seeded ones computed as they are reached). */
  *all(): Generator<Follower> {
    let next = '';
    for (;;) {
      const page = this.page(next, 10_000);
      if (!page.length) return;
      for (const openid of page) yield this.get(openid)!;
      next = page[page.length - 1]!;
    }
  }

  /** A subscribe event: a new follower (or one coming back), with the QR scene they came by. */
  follow(openid: string, scene = ''): void {
    if (this.seededIndex(openid) !== undefined) {
      this.gone.delete(openid);
      return;
    }
    if (this.followers.has(openid)) return;
    this.followers.set(openid, {
      openid, nickname: '', sex: 0, city: '', province: '', country: '', language: 'zh_CN', headimgurl: '',
      subscribe_time: Math.floor(Date.now() / 1000), remark: '', tagid_list: [],
      subscribe_scene: scene ? 'ADD_SCENE_QR_CODE' : 'ADD_SCENE_SEARCH', qr_scene: 0, qr_scene_str: scene,
    });
    if (!this.position.has(openid)) {
      this.position.set(openid, this.order.length);
      this.order.push(openid);
    }
  }

  /** An unsubscribe: WeChat forgets them for this account (their tags and remark go too). */
  unfollow(openid: string): void {
    this.followers.delete(openid);
    this.blacklist.delete(openid);
    if (this.seededIndex(openid) !== undefined) this.gone.add(openid);
  }

  listTags() {
    return [...this.tags.values()].map((t) => ({
      id: t.id,
      name: t.name,
      count: this.countTagged(t.id),
    }));
  }

  private countTagged(id: number): number {
    let n = 0;
    for (const f of this.all()) if (f.tagid_list.includes(id)) n++;
    return n;
  }

  createTag(name: string): Tag | SimErrorBody {
    if (bytes(name) > tagNameMaxBytes) return TagError.nameTooLong;
    if ([...this.tags.values()].some((t) => t.name === name)) return TagError.nameExists;
    if (this.tags.size - reservedTags.length >= 100) return TagError.tooManyTags;
    const tag = { id: this.nextTagId++, name };
    this.tags.set(tag.id, tag);
    return tag;
  }

  /** updateremark: the follower's remark from now on (false when they do not follow). */
  setRemark(openid: string, remark: string): boolean {
    const f = this.keep(openid);
    if (f) f.remark = remark;
    return f !== undefined;
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
    for (const f of this.all()) if (f.tagid_list.includes(id)) this.keep(f.openid)!.tagid_list = f.tagid_list.filter((t) => t !== id);
    return undefined;
  }

  tagUsers(id: number, openids: string[], add: boolean): SimErrorBody | undefined {
    if (!this.tags.has(id)) return TagError.invalidTagId;
    if (openids.length === 0 || openids.length > 50) return { errcode: 40032, errmsg: 'invalid openid list size' };
    for (const openid of openids) if (!this.has(openid)) return TagError.invalidOpenid;
    for (const openid of openids) {
      const f = this.keep(openid)!;
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
    const members: string[] = [];
    for (const f of this.all()) if (f.tagid_list.includes(id)) members.push(f.openid);
    const start = next ? members.indexOf(next) + 1 : 0;
    const page = members.slice(start, start + 10_000);
    return page.length
      ? { count: page.length, data: { openid: page }, next_openid: page[page.length - 1]! }
      : { count: 0, next_openid: '' };
  }

  /** The blacklist API: every openid must follow the account; at most 20 a call. */
  setBlacklisted(openids: string[], on: boolean): SimErrorBody | undefined {
    if (openids.length === 0 || openids.length > 20) return { errcode: 40032, errmsg: 'invalid openid list size' };
    for (const openid of openids) if (!this.has(openid)) return TagError.invalidOpenid;
    for (const openid of openids) on ? this.blacklist.add(openid) : this.blacklist.delete(openid);
    return undefined;
  }

  /**
   * user/info and batchget as WeChat answers them today: no nickname, avatar, gender or region
   * (removed in 2021), no language ("该字段不再提供").
   */
  profile(openid: string) {
    const f = this.get(openid);
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
