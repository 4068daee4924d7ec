import { randomBytes } from 'node:crypto';
import { detectFileType } from '../../src/core/uploads/file-types';
import { perAppid, type SimContext } from './context';
import { pushAccountEvent } from './push';
import { parseMultipart } from './materials';
import { json, okOr, type Reply, type Routes, type SimRequest } from './reply';
import { hex } from './state';

/**
 * Drafts (草稿箱), publishing (发布能力, freepublish/*), mass send (群发, message/mass/*) and the
 * article-image upload (media/uploadimg) of the simulated accounts, with WeChat's limits and
 * errcodes, and the job outcomes pushed to the account's callback after a delay:
 * - draft/add (developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html): articles[] of
 *   title, author, digest (single-article drafts only), content ("必须少于2万字符，且小于1M"),
 *   content_source_url, thumb_media_id ("必须是永久MediaID"), need_open_comment,
 *   only_fans_can_comment; up to 8 articles;
 * - freepublish/submit and get (…/Publish/Publish.html, …/Publish/Get_status.html): publish_id;
 *   publish_status 0 成功, 1 发布中, 2 原创失败, 3 常规失败, 4 平台审核不通过, 5/6 removed later;
 *   the PUBLISHJOBFINISH event (…/Publish/Callback_on_finish.html) carries PublishEventInfo;
 * - message/mass/sendall, preview, get, delete (…/Message_Management/Batch_Sends_and_Originality_Checks.html):
 *   clientmsgid ≤ 64 bytes de-duplicates for 24 h (45065 "clientmsgid exist"; the earlier msg_id is
 *   answered with it, as SPEC §WeChat rules says); a subscription account sends once a day, a
 *   service account to all four times a month (45028 "has no masssend quota"); 100 previews a day;
 *   MASSSENDJOBFINISH (TotalCount, FilterCount, SentCount, ErrorCount) when the job is done;
 * - media/uploadimg (…/Asset_Management/New_temporary_materials.html, "上传图文消息内的图片获取URL"):
 *   jpg/png under 1 MB, answers an mmbiz.qpic.cn URL.
 * A draft leaves the draft box once published or sent (the back office merged both into 发表).
 * Codes WeChat documents only in its global table (45002–45005, 45110) are used as listed there.
 */
export const ContentError = {
  invalidMediaId: { errcode: 40007, errmsg: 'invalid media_id' },
  invalidFileType: { errcode: 40005, errmsg: 'invalid file type' },
  imageTooLarge: { errcode: 40009, errmsg: 'invalid image size' },
  missingMedia: { errcode: 41005, errmsg: 'media data missing' },
  contentTooLong: { errcode: 45002, errmsg: 'content size out of limit' },
  titleTooLong: { errcode: 45003, errmsg: 'title size out of limit' },
  digestTooLong: { errcode: 45004, errmsg: 'description size out of limit' },
  urlTooLong: { errcode: 45005, errmsg: 'url size out of limit' },
  authorTooLong: { errcode: 45110, errmsg: 'author size out of limit' },
  tooManyArticles: { errcode: 45008, errmsg: 'article size out of limit' },
  invalidArgument: { errcode: 40097, errmsg: 'invalid args' },
  invalidTag: { errcode: 40050, errmsg: 'invalid tag id' },
  noMassQuota: { errcode: 45028, errmsg: 'has no masssend quota' },
  clientMsgIdExists: { errcode: 45065, errmsg: 'clientmsgid exist' },
  previewQuota: { errcode: 45009, errmsg: 'reach max api daily quota limit' },
  invalidPublishId: { errcode: 53600, errmsg: 'invalid publish_id' },
  invalidMsgId: { errcode: 40007, errmsg: 'invalid msg_id' },
  systemBusy: { errcode: -1, errmsg: 'system error' },
} as const;

const maxArticles = 8;
const uploadImgMaxBytes = 1024 * 1024;
const previewsPerDay = 100;
const clientMsgIdWindowMs = 24 * 3600_000;
const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const chinaMonth = (ms: number) => chinaDay(ms).slice(0, 7);

type Article = Record<string, unknown>;

interface Publish {
  publish_id: string;
  media_id: string;
  articles: Article[];
  /** 1 until the job finishes. */
  status: number;
  article_id?: string;
  urls: string[];
  fail_idx: number[];
}

interface Mass {
  msg_id: number;
  msg_data_id?: number;
  clientmsgid?: string;
  at: number;
  msgtype: string;
  filter: { is_to_all: boolean; tag_id?: number };
  body: Record<string, unknown>;
  recipients: string[];
  status: 'SENDING' | 'SEND_SUCCESS' | 'SEND_FAIL' | 'DELETE';
}

interface Controls {
  /** The next publishes fail with this publish_status (2 originality, 3 ordinary, 4 review). */
  publishFailure?: { status: number; failIdx: number[] };
  /** Jobs finish but nothing is pushed (the product must poll freepublish/get). */
  dropPushes: boolean;
  pushDelayMs: number;
  /** The next call of this path is carried out and then answered as WeChat's -1 (the answer lost). */
  loseAnswerOf?: string;
}

class ContentBox {
  readonly drafts = new Map<string, { articles: Article[]; update_time: number }>();
  readonly images: string[] = [];
  readonly publishes = new Map<string, Publish>();
  readonly masses = new Map<number, Mass>();
  readonly previews: { touser: string; msgtype: string; at: number }[] = [];
  readonly controls: Controls = { dropPushes: false, pushDelayMs: 300 };
  readonly pushes: Record<string, unknown>[] = [];
  /** Followers who had a tag or all send this month (a service account's tag sends skip them). */
  readonly reachedThisMonth = new Map<string, Set<string>>();
}

const chars = (value: unknown) => [...String(value ?? '')].length;

/** WeChat's checks of one article of draft/add or draft/update. */
const checkArticle = (article: Article, single: boolean, materialExists: (id: string) => boolean) => {
  if (typeof article['title'] !== 'string' || typeof article['content'] !== 'string') return ContentError.invalidArgument;
  if (chars(article['title']) > 32) return ContentError.titleTooLong;
  if (chars(article['author']) > 16) return ContentError.authorTooLong;
  if (chars(article['digest']) > 128 || (!single && article['digest'])) return ContentError.digestTooLong;
  if (chars(article['content']) >= 20_000 || Buffer.byteLength(String(article['content'])) >= 1024 * 1024) return ContentError.contentTooLong;
  if (Buffer.byteLength(String(article['content_source_url'] ?? '')) > 1024) return ContentError.urlTooLong;
  if (!materialExists(String(article['thumb_media_id'] ?? ''))) return ContentError.invalidMediaId;
  return undefined;
};

export const content = (ctx: SimContext): Routes => {
  const boxOf = perAppid(() => new ContentBox());
  ctx.keepPerAppid('content', boxOf);
  /** How the account called (its own token, or the platform's): the push is sealed with the same keys. */
  const viaOf = (req: SimRequest): 'own' | 'component' => {
    const checked = ctx.state.check(req.query.get('access_token') ?? undefined, 'access');
    return typeof checked === 'object' ? checked.via : 'own';
  };
  const nowSeconds = () => Math.floor(ctx.now() / 1000);

  const push = async (appid: string, via: 'own' | 'component', event: Record<string, unknown>) => {
    const box = boxOf(appid);
    const account = ctx.state.accounts.get(appid);
    const message = {
      ToUserName: account?.username ?? `gh_${appid.slice(-12)}`,
      FromUserName: `o${hex(13)}`,
      CreateTime: nowSeconds(),
      MsgType: 'event',
      ...event,
    } as Record<string, any>;
    await pushAccountEvent(ctx, appid, via, message, box);
  };

  const later = (appid: string, fn: () => Promise<void> | void) => {
    setTimeout(() => void Promise.resolve(fn()).catch((error: unknown) => console.error('[wechat-sim] content job failed:', error)), boxOf(appid).controls.pushDelayMs).unref();
  };

  /** Plays an armed "answer lost": the work is done, WeChat's answer never arrives intact. */
  const answered = (appid: string, path: string, reply: Reply): Reply => {
    const box = boxOf(appid);
    if (box.controls.loseAnswerOf !== path) return reply;
    delete box.controls.loseAnswerOf;
    return json(ContentError.systemBusy);
  };

  const articlesOf = (body: Record<string, any>): Article[] | undefined => (Array.isArray(body['articles']) ? (body['articles'] as Article[]) : undefined);

  const finishPublish = async (appid: string, via: 'own' | 'component', job: Publish) => {
    const box = boxOf(appid);
    const failure = box.controls.publishFailure;
    if (failure) {
      job.status = failure.status;
      job.fail_idx = failure.failIdx;
    } else {
      job.status = 0;
      job.article_id = randomBytes(24).toString('base64url');
      job.urls = job.articles.map(() => `https://mp.weixin.qq.com/s/${randomBytes(16).toString('base64url')}`);
      box.drafts.delete(job.media_id);
    }
    await push(appid, via, {
      Event: 'PUBLISHJOBFINISH',
      PublishEventInfo: {
        publish_id: job.publish_id,
        publish_status: job.status,
        ...(job.status === 0
          ? // WeChat's <article_detail> holds <count> and then the <item>s; the simulator's XML writer renders a list as <item>s only.
            { article_id: job.article_id, article_detail: job.urls.map((url, i) => ({ idx: i + 1, article_url: url })) }
          : { fail_idx: job.fail_idx.join(',') }),
      },
    });
  };

  const finishMass = async (appid: string, via: 'own' | 'component', job: Mass) => {
    job.status = 'SEND_SUCCESS';
    await push(appid, via, {
      Event: 'MASSSENDJOBFINISH',
      MsgID: job.msg_id,
      Status: 'send success',
      TotalCount: job.recipients.length,
      FilterCount: job.recipients.length,
      SentCount: job.recipients.length,
      ErrorCount: 0,
    });
  };

  return {
    'POST /cgi-bin/draft/add': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/draft/add', (appid) => {
        const articles = articlesOf(req.body);
        if (!articles || articles.length === 0) return json(ContentError.invalidArgument);
        if (articles.length > maxArticles) return json(ContentError.tooManyArticles);
        for (const article of articles) {
          const error = checkArticle(article, articles.length === 1, ctx.materialExists(appid));
          if (error) return json(error);
        }
        const mediaId = randomBytes(24).toString('base64url');
        boxOf(appid).drafts.set(mediaId, { articles: structuredClone(articles), update_time: nowSeconds() });
        return json({ media_id: mediaId });
      }),
    'POST /cgi-bin/draft/get': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/draft/get', (appid) => {
        const draft = boxOf(appid).drafts.get(String(req.body['media_id'] ?? ''));
        if (!draft) return json(ContentError.invalidMediaId);
        return json({ news_item: draft.articles.map((a) => ({ ...a, url: `https://mp.weixin.qq.com/s?__biz=draft&tempkey=${hex(8)}` })) });
      }),
    'POST /cgi-bin/draft/update': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/draft/update', (appid) => {
        const draft = boxOf(appid).drafts.get(String(req.body['media_id'] ?? ''));
        if (!draft) return json(ContentError.invalidMediaId);
        const index = Number(req.body['index']);
        const article = req.body['articles'] as Article | undefined;
        if (!Number.isInteger(index) || index < 0 || index >= draft.articles.length || typeof article !== 'object' || article === null) return json(ContentError.invalidArgument);
        const error = checkArticle(article, draft.articles.length === 1, ctx.materialExists(appid));
        if (error) return json(error);
        draft.articles[index] = structuredClone(article);
        draft.update_time = nowSeconds();
        return okOr(undefined);
      }),
    'POST /cgi-bin/draft/delete': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/draft/delete', (appid) => okOr(boxOf(appid).drafts.delete(String(req.body['media_id'] ?? '')) ? undefined : ContentError.invalidMediaId)),
    'POST /cgi-bin/draft/batchget': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/draft/batchget', (appid) => {
        const offset = Number(req.body['offset'] ?? 0);
        const count = Number(req.body['count'] ?? 0);
        if (!(count >= 1 && count <= 20) || !(offset >= 0)) return json(ContentError.invalidArgument);
        const all = [...boxOf(appid).drafts.entries()].reverse();
        const page = all.slice(offset, offset + count);
        const noContent = Number(req.body['no_content'] ?? 0) === 1;
        return json({
          total_count: all.length,
          item_count: page.length,
          item: page.map(([media_id, d]) => ({
            media_id,
            content: { news_item: d.articles.map((a) => (noContent ? { ...a, content: '' } : a)) },
            update_time: d.update_time,
          })),
        });
      }),
    'GET /cgi-bin/draft/count': (req) => accountCallFor(ctx, req, 'cgi-bin/draft/count', (appid) => json({ total_count: boxOf(appid).drafts.size })),

    'POST /cgi-bin/media/uploadimg': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/media/uploadimg', async (appid) => {
        let parts;
        try {
          parts = await parseMultipart(req.contentType, req.raw);
        } catch {
          return json(ContentError.missingMedia);
        }
        const media = parts.find((p) => p.name === 'media' && p.filename !== undefined);
        if (!media) return json(ContentError.missingMedia);
        const type = detectFileType(media.data);
        if (type !== 'png' && type !== 'jpeg') return json(ContentError.invalidFileType);
        if (media.data.length >= uploadImgMaxBytes) return json(ContentError.imageTooLarge);
        const url = `http://mmbiz.qpic.cn/mmbiz_${type === 'png' ? 'png' : 'jpg'}/${randomBytes(18).toString('base64url')}/0`;
        boxOf(appid).images.push(url);
        return json({ url });
      }),

    'POST /cgi-bin/freepublish/submit': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/freepublish/submit', (appid) => {
        const mediaId = String(req.body['media_id'] ?? '');
        const draft = boxOf(appid).drafts.get(mediaId);
        if (!draft) return json(ContentError.invalidMediaId);
        const job: Publish = { publish_id: String(2_247_000_000 + boxOf(appid).publishes.size + Math.floor(Math.random() * 1000) * 1000), media_id: mediaId, articles: draft.articles, status: 1, urls: [], fail_idx: [] };
        boxOf(appid).publishes.set(job.publish_id, job);
        const via = viaOf(req);
        later(appid, () => finishPublish(appid, via, job));
        return json({ errcode: 0, errmsg: 'ok', publish_id: job.publish_id, msg_data_id: Number(job.publish_id) + 1 });
      }),
    'POST /cgi-bin/freepublish/get': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/freepublish/get', (appid) => {
        const job = boxOf(appid).publishes.get(String(req.body['publish_id'] ?? ''));
        if (!job) return json(ContentError.invalidPublishId);
        return json({
          publish_id: job.publish_id,
          publish_status: job.status,
          ...(job.status === 0 ? { article_id: job.article_id, article_detail: { count: job.urls.length, item: job.urls.map((url, i) => ({ idx: i + 1, article_url: url })) } } : {}),
          fail_idx: job.fail_idx,
        });
      }),

    'POST /cgi-bin/message/mass/sendall': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/message/mass/sendall', (appid) => {
        const box = boxOf(appid);
        const account = ctx.state.accounts.get(appid);
        const clientmsgid = typeof req.body['clientmsgid'] === 'string' ? req.body['clientmsgid'] : undefined;
        if (clientmsgid !== undefined && Buffer.byteLength(clientmsgid) > 64) return json(ContentError.invalidArgument);
        if (clientmsgid) {
          const earlier = [...box.masses.values()].find((m) => m.clientmsgid === clientmsgid && ctx.now() - m.at < clientMsgIdWindowMs);
          if (earlier) return json({ ...ContentError.clientMsgIdExists, msg_id: earlier.msg_id, ...(earlier.msg_data_id ? { msg_data_id: earlier.msg_data_id } : {}) });
        }
        const filter = (req.body['filter'] ?? {}) as { is_to_all?: boolean; tag_id?: number };
        const msgtype = String(req.body['msgtype'] ?? '');
        const payload = req.body[msgtype] as Record<string, unknown> | undefined;
        if (!['mpnews', 'text', 'image', 'voice', 'mpvideo'].includes(msgtype) || typeof payload !== 'object' || payload === null) return json(ContentError.invalidArgument);
        const audience = ctx.audienceOf(appid);
        let recipients: string[];
        if (filter.is_to_all) recipients = [...audience.all()].map((f) => f.openid);
        else {
          const members = audience.tagMembers(Number(filter.tag_id), '');
          if ('errcode' in members) return json(ContentError.invalidTag);
          recipients = members.data?.openid ?? [];
        }
        const subscription = (account?.serviceType ?? 2) !== 2;
        const today = [...box.masses.values()].filter((m) => chinaDay(m.at) === chinaDay(ctx.now()));
        const toAllThisMonth = [...box.masses.values()].filter((m) => m.filter.is_to_all && chinaMonth(m.at) === chinaMonth(ctx.now()));
        if (subscription && today.length >= 1) return json(ContentError.noMassQuota);
        if (!subscription && filter.is_to_all && toAllThisMonth.length >= 4) return json(ContentError.noMassQuota);
        if (msgtype === 'mpnews') {
          if (!box.drafts.has(String(payload['media_id'] ?? ''))) return json(ContentError.invalidMediaId);
          box.drafts.delete(String(payload['media_id']));
        }
        if (!subscription) {
          const reached = box.reachedThisMonth.get(chinaMonth(ctx.now())) ?? new Set<string>();
          if (!filter.is_to_all) recipients = recipients.filter((o) => !reached.has(o));
          for (const o of recipients) reached.add(o);
          box.reachedThisMonth.set(chinaMonth(ctx.now()), reached);
        }
        const job: Mass = {
          msg_id: 1_000_000_000 + box.masses.size * 7 + Math.floor(Math.random() * 7),
          ...(msgtype === 'mpnews' ? { msg_data_id: 2_247_000_000 + box.masses.size } : {}),
          ...(clientmsgid ? { clientmsgid } : {}),
          at: ctx.now(),
          msgtype,
          filter: { is_to_all: Boolean(filter.is_to_all), ...(filter.is_to_all ? {} : { tag_id: Number(filter.tag_id) }) },
          body: payload,
          recipients,
          status: 'SENDING',
        };
        box.masses.set(job.msg_id, job);
        const via = viaOf(req);
        later(appid, () => finishMass(appid, via, job));
        return answered(appid, 'cgi-bin/message/mass/sendall', json({ errcode: 0, errmsg: 'send job submission success', msg_id: job.msg_id, ...(job.msg_data_id ? { msg_data_id: job.msg_data_id } : {}) }));
      }),
    'POST /cgi-bin/message/mass/preview': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/message/mass/preview', (appid) => {
        const box = boxOf(appid);
        const touser = String(req.body['touser'] ?? '');
        const msgtype = String(req.body['msgtype'] ?? '');
        if (!ctx.audienceOf(appid).has(touser)) return json({ errcode: 40003, errmsg: 'invalid openid' });
        if (box.previews.filter((p) => chinaDay(p.at) === chinaDay(ctx.now())).length >= previewsPerDay) return json(ContentError.previewQuota);
        const payload = req.body[msgtype] as Record<string, unknown> | undefined;
        if (typeof payload !== 'object' || payload === null) return json(ContentError.invalidArgument);
        if (msgtype === 'mpnews' && !box.drafts.has(String(payload['media_id'] ?? ''))) return json(ContentError.invalidMediaId);
        box.previews.push({ touser, msgtype, at: ctx.now() });
        return json({ errcode: 0, errmsg: 'preview success', msg_id: 34182 });
      }),
    'POST /cgi-bin/message/mass/get': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/message/mass/get', (appid) => {
        const job = boxOf(appid).masses.get(Number(req.body['msg_id']));
        return job ? json({ msg_id: job.msg_id, msg_status: job.status }) : json(ContentError.invalidMsgId);
      }),
    'POST /cgi-bin/message/mass/delete': (req) =>
      accountCallFor(ctx, req, 'cgi-bin/message/mass/delete', (appid) => {
        const job = boxOf(appid).masses.get(Number(req.body['msg_id']));
        if (!job) return json(ContentError.invalidMsgId);
        job.status = 'DELETE';
        return okOr(undefined);
      }),

    // ---- control API ----
    /** What WeChat holds for an account: drafts, uploaded images, publish and mass jobs, previews, pushes. */
    'GET /__sim/content': (req) => {
      const box = boxOf(req.query.get('appid') ?? '');
      return json({
        drafts: [...box.drafts.entries()].map(([media_id, d]) => ({ media_id, ...d })),
        images: box.images,
        publishes: [...box.publishes.values()],
        masses: [...box.masses.values()],
        previews: box.previews,
        pushes: box.pushes,
      });
    },
    /**
     * {appid, publishFailure?: {status, failIdx} | null, dropPushes?, pushDelayMs?, loseAnswerOf?}:
     * make publishes fail (2 = the originality check), drop the job pushes, delay them, or lose the
     * answer of the next call of a path after doing its work.
     */
    'POST /__sim/content/controls': (req) => {
      const box = boxOf(String(req.body['appid'] ?? ''));
      const given = req.body as Partial<Controls> & { publishFailure?: Controls['publishFailure'] | null };
      if (given.publishFailure === null) delete box.controls.publishFailure;
      else if (given.publishFailure) box.controls.publishFailure = given.publishFailure;
      if (given.dropPushes !== undefined) box.controls.dropPushes = Boolean(given.dropPushes);
      if (given.pushDelayMs !== undefined) box.controls.pushDelayMs = Number(given.pushDelayMs);
      if (given.loseAnswerOf !== undefined) box.controls.loseAnswerOf = String(given.loseAnswerOf);
      return json(box.controls);
    },
  };
};

/** accountCall, as every area calls it (kept as a function so the routes above read as WeChat's list). */
const accountCallFor = (ctx: SimContext, req: SimRequest, path: string, body: (appid: string) => Reply | Promise<Reply>) => ctx.accountCall(req, path, body);
