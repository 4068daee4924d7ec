import * as z from 'zod';

/**
 * The XML bodies WeChat sends to and expects from the WeChat-facing URLs, as schemas for the
 * contract and the OpenAPI document (`xml.name` = the root element). The handlers read these with
 * the XML parser in `xml.ts`/`inbound.ts`; nothing here runs in a Lambda.
 */
const xmlRoot = { xml: { name: 'xml' } };
const text = z.string();

/** Safe mode (and the component event URL): the message is AES-encrypted inside `Encrypt`. */
export const EncryptedEnvelopeXml = z
  .object({
    ToUserName: text.meta({ description: 'the official account (or, for component events, the component appid as AppId)' }),
    Encrypt: text.meta({ description: 'base64 of AES-256-CBC(random 16 bytes, length, message XML, appid)' }),
  })
  .meta({ ...xmlRoot, description: 'safe-mode envelope; `msg_signature` in the query signs Encrypt' });

/** A follower's message or event as WeChat pushes it in plaintext or compatible mode (or inside Encrypt). */
export const CallbackMessageXml = z
  .object({
    ToUserName: text.meta({ description: "the account's original id (gh_…)" }),
    FromUserName: text.meta({ description: "the follower's openid" }),
    CreateTime: z.number().int().meta({ description: 'seconds since the epoch' }),
    MsgType: z.enum(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event']),
    Content: text.optional().meta({ description: 'text: what the follower typed (matched against the rules)' }),
    MsgId: z.number().int().optional().meta({ description: 'messages (not events): de-duplicates retries' }),
    MediaId: text.optional(),
    PicUrl: text.optional(),
    Event: text.optional().meta({ description: 'event: subscribe, unsubscribe, SCAN, CLICK, VIEW, …' }),
    EventKey: text.optional().meta({ description: 'event: the scene (qrscene_…) or the menu key' }),
    Encrypt: text.optional().meta({ description: 'compatible mode: the same message, encrypted' }),
  })
  .meta({ ...xmlRoot, description: 'plaintext-mode message or event' });

/** A passive reply: the answer to a message, plaintext or (when the request was encrypted) in an envelope. */
export const PassiveReplyXml = z
  .object({
    ToUserName: text.meta({ description: 'the follower' }),
    FromUserName: text.meta({ description: 'the account' }),
    CreateTime: z.number().int(),
    MsgType: z.enum(['text', 'image', 'voice', 'video', 'music', 'news']),
    Content: text.optional(),
    Encrypt: text.optional().meta({ description: 'safe mode: the reply encrypted, with MsgSignature, TimeStamp, Nonce' }),
    MsgSignature: text.optional(),
    TimeStamp: text.optional(),
    Nonce: text.optional(),
  })
  .meta({ ...xmlRoot, description: 'a passive reply; the plain text `success` when there is nothing to say' });

/** Inside a component push's Encrypt: the ticket or an authorization change. */
export const ComponentEventXml = z
  .object({
    AppId: text.meta({ description: 'the component appid' }),
    CreateTime: z.number().int(),
    InfoType: z.enum(['component_verify_ticket', 'authorized', 'updateauthorized', 'unauthorized']),
    ComponentVerifyTicket: text.optional(),
    AuthorizerAppid: text.optional(),
    AuthorizationCode: text.optional(),
  })
  .meta({ ...xmlRoot, description: 'the decrypted content of a component push' });

export const SuccessText = z.literal('success').meta({ description: 'WeChat stops retrying when it reads `success`' });
