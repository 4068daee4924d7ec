import type { XmlInputObject } from '../../src/wechat/xml';
import type { SimContext } from './context';
import { ConversationError } from './conversations';
import { deliver, type DeliveryMode } from './follower';
import { bytes, json, type Reply, type Routes } from './reply';
import { hex } from './state';

/**
 * WeChat's MsgIds grow: a later message has a larger id (the inbox orders one second's messages by
 * it). Ours are the wall clock in microseconds-like steps, never smaller than the last one handed
 * out, so they keep growing across a restart of the simulator too (about 17 digits, as WeChat's).
 */
let lastMsgId = 0n;
const nextMsgId = (): string => {
  const fromClock = BigInt(Date.now()) * 1000n;
  lastMsgId = fromClock > lastMsgId ? fromClock : lastMsgId + 1n;
  return String(lastMsgId);
};

/**
 * Messages between followers and an account: customer-service messages the account sends
 * (cgi-bin/message/custom/send; the customer-service quota and content checks in conversations.ts), the
 * temporary media behind what followers send (cgi-bin/media/get), and, through the control API,
 * followers sending messages and events to the account's callback as WeChat delivers them
 * (follower.ts: modes, signatures, retries).
 */
export const messages = (ctx: SimContext): Routes => {
  /** Customer-service messages sent through cgi-bin/message/custom/send, per appid. */
  const sentMessages = new Map<string, unknown[]>();
  return {
    'POST /cgi-bin/message/custom/send': (req) =>
      ctx.accountCall(req, 'cgi-bin/message/custom/send', (appid) => {
        const refused = ctx.conversationsOf(appid).send(req.body, ctx.now(), ctx.materialExists(appid));
        if (refused) return json(refused);
        sentMessages.set(appid, [...(sentMessages.get(appid) ?? []), req.body]);
        return json({ errcode: 0, errmsg: 'ok' });
      }),
    'GET /cgi-bin/media/get': (req) =>
      ctx.accountCall(req, 'cgi-bin/media/get', (appid) => {
        const id = req.query.get('media_id') ?? '';
        const talk = ctx.conversationsOf(appid);
        const media = talk.media.get(id);
        if (!media) return json(ConversationError.invalidMediaId);
        // As WeChat: a video comes as a download link, not as bytes.
        if (media.type === 'video') return json({ video_url: `${ctx.selfUrl}/__sim/media/download?${new URLSearchParams({ appid, media_id: id })}` });
        return bytes(media.data, media.contentType, { 'content-disposition': `attachment; filename="${id}.${talk.extensionOf(media)}"` });
      }),

    // ---- control API ----
    /** The download link media/get gives for a video (WeChat's CDN; no token). */
    'GET /__sim/media/download': (req) => {
      const media = ctx.conversationsOf(req.query.get('appid') ?? '').media.get(req.query.get('media_id') ?? '');
      return media ? bytes(media.data, media.contentType) : { status: 404, json: { error: 'no such media' } };
    },
    /** Temporary media as if a follower had sent it: {appid, type} → {media_id}. */
    'POST /__sim/media': (req) =>
      json({ media_id: ctx.conversationsOf(String(req.body['appid'] ?? '')).issueMedia(String(req.body['type'] ?? 'image'), Number(req.body['size'] ?? 1024)) }),
    'GET /__sim/messages': (req) => json({ messages: sentMessages.get(req.query.get('appid') ?? '') ?? [] }),
    'PUT /__sim/callback-base': (req) => {
      ctx.callbackBase = String(req.body['url'] ?? '');
      return json({ url: ctx.callbackBase });
    },
    /** A follower sends a message: {appid, via: component|direct, mode, message, repeat?, timeoutMs?}. */
    'POST /__sim/follower/send': (req) => followerSend(ctx, req.body),
    /**
     * A follower's action at a given time without delivering it to the callback: {appid, openid,
     * at (epoch s), event?}: a message, or the event (subscribe, SCAN, CLICK, unsubscribe…).
     */
    'POST /__sim/follower/interaction': (req) => {
      const at = Number(req.body['at'] ?? Math.floor(ctx.now() / 1000)) * 1000;
      const event = req.body['event'];
      ctx.conversationsOf(String(req.body['appid'] ?? '')).interacted(String(req.body['openid'] ?? ''), typeof event === 'string' ? { MsgType: 'event', Event: event } : { MsgType: 'text' }, at);
      return json({ ok: true });
    },
    /** A follower's quotas as the simulator counts them: {appid, openid} → {quotas: {message?, event?}}. */
    'GET /__sim/follower/quota': (req) =>
      json({ quotas: ctx.conversationsOf(req.query.get('appid') ?? '').quotas.get(req.query.get('openid') ?? '') ?? {} }),
    'GET /__sim/follower/received': (req) =>
      json({ messages: ctx.conversationsOf(req.query.get('appid') ?? '').received.get(req.query.get('openid') ?? '') ?? [] }),
  };
};

/** A follower's message or event, delivered as WeChat delivers it (its customer-service quota opens first). */
export const followerSend = async (ctx: SimContext, body: Record<string, any>): Promise<Reply> => {
  const appid = String(body['appid'] ?? '');
  const account = ctx.state.accounts.get(appid);
  if (!ctx.callbackBase) return { status: 400, json: { error: 'no callback base URL set' } };
  const via = body['via'] === 'direct' ? 'direct' : 'component';
  // WeChat encrypts every push to a third-party platform (消息加解密 is always on for the open
  // platform's message URL): a plaintext one is something WeChat never sends.
  if (via === 'component' && body['mode'] === 'plain') {
    return { status: 400, json: { error: 'WeChat encrypts every push to a third-party platform: use mode safe or compat' } };
  }
  const { component } = ctx;
  const keys =
    via === 'component'
      ? { token: component.token, aesKey: component.aesKey, appid: component.appid }
      : { token: String(body['token'] ?? account?.token ?? ''), aesKey: String(body['aesKey'] ?? account?.aesKey ?? ''), appid };
  const message: XmlInputObject = {
    ToUserName: account?.username ?? `gh_${appid.slice(-12)}`,
    FromUserName: `o${hex(13)}`,
    CreateTime: Math.floor(ctx.now() / 1000),
    ...(body['message'] as XmlInputObject),
  };
  if (message['MsgType'] !== 'event' && message['MsgId'] === undefined) message['MsgId'] = nextMsgId();
  const talk = ctx.conversationsOf(appid);
  const msgType = String(message['MsgType'] ?? '');
  if (['image', 'voice', 'video', 'shortvideo'].includes(msgType) && message['MediaId'] === undefined) {
    message['MediaId'] = talk.issueMedia(msgType === 'shortvideo' ? 'video' : msgType);
    if (msgType === 'image') message['PicUrl'] ??= `http://mmbiz.qpic.cn/mmbiz_jpg/${hex(12)}/0`;
    if (msgType !== 'image' && msgType !== 'voice') message['ThumbMediaId'] ??= talk.issueMedia('thumb');
  }
  talk.interacted(String(message['FromUserName']), message, Number(message['CreateTime']) * 1000);
  // WeChat's own list changes with the follow itself, before the push reaches anyone.
  const event = String(message['Event'] ?? '').toLowerCase();
  if (message['MsgType'] === 'event' && event === 'subscribe') {
    ctx.audienceOf(appid).follow(String(message['FromUserName']), String(message['EventKey'] ?? '').replace(/^qrscene_/, ''));
  }
  if (message['MsgType'] === 'event' && event === 'unsubscribe') ctx.audienceOf(appid).unfollow(String(message['FromUserName']));
  const attempts = await deliver({
    url: `${ctx.callbackBase}/wxplatform/callback/${appid}`,
    keys,
    mode: (body['mode'] as DeliveryMode) ?? 'safe',
    message,
    ...(body['repeat'] === undefined ? {} : { repeat: Number(body['repeat']) }),
    timeoutMs: Number(body['timeoutMs'] ?? 5000),
  });
  return json({ message, attempts });
};
