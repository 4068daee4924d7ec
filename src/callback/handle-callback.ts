import { getAccount, learnOriginalIdWrite, type Account } from '../core/data/accounts';
import { defaultRetentionDays, inboxKey, messageHash, PushAddresseeRefused, PushPairReused, recordOnce, releaseClaim, toItem, type PushGuard } from '../inbox/data/messages';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { logger } from '../core/http/logger';
import { emptyRuleSet } from '../replies/matcher';
import { callbackOutcome, countCallbackAnswered, countReplyNotReadyInTime } from '../core/observability/metrics';
import { componentCredentials } from '../wechat/component-credentials';
import { sealMessage } from '../wechat/crypto';
import { checkTimestamp, openSafeModeText, parsePushText, parsePushXml, replayWindowSeconds, type Receiver } from '../wechat/inbound';
import { verifyUrlSignature } from '../wechat/signature';
import { field, type WechatXml } from '../wechat/xml';
import { decide, inboxMessageOf } from './decide';
import { enqueueCallbackJob } from './jobs';
import { messageKey } from './message-key';
import { releaseTestAppids } from './release-test';
import { rulesFor } from './rule-cache';

/**
 * One official account's message callback (SPEC §4): verify, decrypt, decide the answer in memory
 * (compiled rules, cached per container by the account's rulesVersion), record it with ONE
 * conditional write that is both the inbox item and the de-duplication of WeChat's retries, then
 * answer a passive reply (encrypted when the request was) — or `success`, which tells WeChat
 * "nothing to say" and stops its retries. Warm, that is two DynamoDB requests: the account's
 * GetItem and that PutItem. A failure before the put writes nothing, so WeChat's retry is
 * processed again. Work that cannot finish before the answer goes to the queue (see jobs.ts).
 */
export interface CallbackQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt_type?: string | undefined;
  msg_signature?: string | undefined;
}

export interface CallbackAnswer {
  body: string;
  contentType: string;
}

const nothing: CallbackAnswer = { body: 'success', contentType: 'text/plain; charset=utf-8' };


export interface Target {
  account: Account | undefined;
  receiver: Receiver;
  /** Only the open platform's release test is answered (an account WeChat tests us with). */
  releaseTest: boolean;
  /**
   * WeChat encrypts every push to a third-party platform, and to an account whose owner chose
   * safe mode (安全模式): a plaintext push there is forged.
   */
  encryptedOnly: boolean;
  /**
   * A direct binding's server configuration before the owner changed it here, while WeChat may
   * still sign with it (src/accounts/server-config.ts): tried when the current token does not
   * verify. From the same GetItem: no request of its own.
   */
  previous?: { receiver: Receiver; encryptedOnly: boolean } | undefined;
}

/** Whose keys verify and decrypt this account's pushes: the component's, or the account's own. */
export const targetOf = async (appid: string, account: Account | undefined): Promise<Target> => {
  if (account?.mode === 'direct') {
    if (!account.callbackToken) throw new NotFoundError(`appid: ${appid} has no callback token`);
    const inTransition = Boolean(account.previousCallbackToken && account.previousCallbackUntil && Date.parse(account.previousCallbackUntil) > Date.now());
    return {
      account,
      receiver: { token: account.callbackToken, encodingAesKey: account.encodingAesKey ?? '', appId: appid },
      releaseTest: false,
      // Only the mode changed (same token): a push cannot say which configuration WeChat used, and it
      // may still send as before until the owner submits there. A new token tells them apart.
      encryptedOnly:
        account.encryptMode === 'safe' && !(inTransition && account.previousCallbackToken === account.callbackToken && account.previousEncryptMode !== 'safe'),
      previous: inTransition
        ? {
            receiver: { token: account.previousCallbackToken!, encodingAesKey: account.previousEncodingAesKey ?? '', appId: appid },
            encryptedOnly: account.previousEncryptMode === 'safe',
          }
        : undefined,
    };
  }
  const component = await componentCredentials().catch(() => undefined);
  if (!component || (!account && !releaseTestAppids.has(appid))) throw new NotFoundError(`appid: ${appid} is not served here`);
  return {
    account,
    receiver: { token: component.token, encodingAesKey: component.aesKey, appId: component.appid },
    releaseTest: !account || releaseTestAppids.has(appid),
    encryptedOnly: true,
  };
};

/** GET: WeChat checks the URL by asking us to echo `echostr` under a valid signature. */
export const verifyCallbackUrl = async (appid: string, query: CallbackQuery & { echostr: string }): Promise<string> => {
  const { receiver } = await targetOf(appid, await getAccount(appid));
  if (!verifyUrlSignature({ token: receiver.token, timestamp: query.timestamp, nonce: query.nonce, signature: query.signature })) {
    throw new ForbiddenError('signature: does not verify');
  }
  // A captured verification link must not echo forever (a 2001 timestamp did).
  checkTimestamp(query.timestamp);
  return query.echostr;
};

/** A verified, decrypted message: its fields, and its XML text (what a late job carries). */
export interface OpenedMessage {
  message: WechatXml;
  text: string;
  encrypted: boolean;
}

export const openCallback = (target: Target, query: CallbackQuery, body: Buffer): OpenedMessage => {
  const signedWith = (candidate: Receiver) => verifyUrlSignature({ token: candidate.token, timestamp: query.timestamp, nonce: query.nonce, signature: query.signature });
  if (!signedWith(target.receiver)) {
    if (!target.previous || !signedWith(target.previous.receiver)) throw new ForbiddenError('signature: does not verify');
    // WeChat still sends with the configuration before the change: open and answer with it.
    target.receiver = target.previous.receiver;
    target.encryptedOnly = target.previous.encryptedOnly;
  }
  const { receiver } = target;
  checkTimestamp(query.timestamp);
  const envelope = parsePushXml(body);
  const encrypted = query.encrypt_type === 'aes';
  let opened: OpenedMessage;
  if (encrypted) {
    if (!receiver.encodingAesKey) throw new ValidationError('encrypt_type: this account has no EncodingAESKey');
    if (!query.msg_signature) throw new ValidationError('msg_signature: is required in safe mode');
    const text = openSafeModeText(envelope, { timestamp: query.timestamp, nonce: query.nonce, msg_signature: query.msg_signature }, receiver);
    opened = { message: parsePushText(text), text, encrypted };
  } else {
    if (target.encryptedOnly) throw new ForbiddenError('encrypt_type: this account takes encrypted pushes only (safe mode); a plaintext push is refused');
    opened = { message: envelope, text: body.toString('utf8'), encrypted };
  }
  if (!field(opened.message, 'FromUserName') || !field(opened.message, 'ToUserName') || !field(opened.message, 'MsgType')) {
    throw new ValidationError('body: ToUserName, FromUserName and MsgType are required');
  }
  // A component push decrypts alike for every account of the platform (the appid inside is the
  // platform's): only ToUserName says which account it was sealed for.
  const originalId = target.account?.originalId;
  if (originalId && field(opened.message, 'ToUserName') !== originalId) {
    throw new ForbiddenError('ToUserName: is not the original ID of this account (a push meant for another account)');
  }
  return opened;
};

/**
 * The delivery's (timestamp, nonce) bound to this message, written in the message's own
 * transaction; and, for a direct account whose original ID is not known yet, that ID learned from
 * this verified push in the same transaction (set only while absent).
 */
export const guardOf = (appid: string, target: Target, query: CallbackQuery, opened: OpenedMessage): PushGuard => {
  const { account } = target;
  // Only what looks like an original ID is learned: a verified push is WeChat's (or the token
  // holder's), but a 64 KiB ToUserName would still be no ID to keep.
  const learn = account?.mode === 'direct' && !account.originalId && /^gh_[A-Za-z0-9_-]{1,32}$/.test(field(opened.message, 'ToUserName'));
  return {
    appid,
    timestamp: query.timestamp,
    nonce: query.nonce,
    messageHash: messageHash(opened.text),
    expiresAt: Math.max(Number(query.timestamp), Math.floor(Date.now() / 1000)) + replayWindowSeconds + 60,
    also: learn ? learnOriginalIdWrite(appid, field(opened.message, 'ToUserName')) : undefined,
  };
};

export const handleCallback = async (
  appid: string,
  query: CallbackQuery,
  body: Buffer,
  budgetMs: number,
): Promise<CallbackAnswer> => {
  const account = await getAccount(appid);
  // Unbound by its owner: WeChat may keep pushing until the owner cancels there; heard, not stored (its keys are gone).
  if (account?.status === 'unbound') return nothing;
  const target = await targetOf(appid, account);
  const opened = openCallback(target, query, body);
  if (account && account.status !== 'authorized' && !target.releaseTest) return nothing;

  const control = { late: false };
  const work = answerOnce(appid, opened.message, target, control, guardOf(appid, target, query, opened)).catch((error: unknown) => {
    if (error instanceof PushPairReused || error instanceof PushAddresseeRefused) throw new ForbiddenError(error.message);
    throw error;
  });
  const plain = await withinBudget(work, budgetMs);
  if (plain === undefined) {
    // Past the budget: stop the work from recording an answer WeChat will never get, and hand the
    // message to the queue, whose worker sends the reply as a customer-service message. If the
    // hand-off fails, the error answers 500 and WeChat's retry processes the message again.
    control.late = true;
    work.catch((error) => logger.warn('late work failed', { appid, error }));
    await enqueueCallbackJob({ kind: 'lateReply', appid, message: opened.text, receivedAt: Date.now() });
    logger.warn('reply not ready in time; answered success and queued it', { appid });
    countReplyNotReadyInTime();
    return nothing;
  }
  if (plain === '') return nothing;
  return sealAnswer(plain, target.receiver, query.nonce, opened.encrypted);
};

export const sealAnswer = (plain: string, receiver: Receiver, nonce: string, encrypted: boolean): CallbackAnswer => {
  if (!encrypted) return { body: plain, contentType: 'application/xml; charset=utf-8' };
  const sealed = sealMessage({
    xml: plain,
    token: receiver.token,
    encodingAesKey: receiver.encodingAesKey,
    appId: receiver.appId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    nonce,
  });
  return { body: sealed.envelope, contentType: 'application/xml; charset=utf-8' };
};

/** Resolves to undefined when the work takes longer than the budget (WeChat gives up at 5 s). */
const withinBudget = <T>(work: Promise<T>, budgetMs: number): Promise<T | undefined> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, budgetMs));
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });

export const retentionOf = (account: Account | undefined): number =>
  account ? Math.max(0, Math.floor(account.inboxRetentionDays ?? defaultRetentionDays)) : 0;

/**
 * Decides in memory, then records once. A retry (or a racing delivery) finds the item and gets
 * the stored answer; a side effect is claimed (state pending) and handed to the queue.
 */
const answerOnce = async (appid: string, message: WechatXml, target: Target, control: { late: boolean }, guard: PushGuard): Promise<string> => {
  const { account } = target;
  const rules = account ? await rulesFor(appid, account.rulesVersion ?? '') : emptyRuleSet;
  const now = Date.now();
  const decision = decide(message, rules, { releaseTest: target.releaseTest, hasAccount: account !== undefined, now: Math.floor(now / 1000) });
  const record = inboxMessageOf(appid, message);
  const retention = retentionOf(account);
  const key = inboxKey(appid, retention, record.createTime, messageKey(message));
  if (control.late) return '';

  if (decision.kind === 'queryAuthCode') {
    const stored = await recordOnce(toItem(key, record, decision.answer, 'pending', retention, now), guard);
    if (stored) return stored.state === 'done' ? (stored.answer.xml ?? '') : '';
    try {
      await enqueueCallbackJob({ kind: 'queryAuthCode', appid, key, openid: record.openid, authCode: decision.authCode });
    } catch (error) {
      await releaseClaim(key);
      throw error;
    }
    return '';
  }
  const stored = await recordOnce(toItem(key, record, decision.answer, 'done', retention, now), guard);
  if (stored) return stored.state === 'done' ? (stored.answer.xml ?? '') : '';
  countCallbackAnswered(callbackOutcome(decision.kind === 'passive' && decision.normalizedKeyword !== undefined ? { keyword: decision.normalizedKeyword } : undefined));
  return decision.kind === 'passive' ? decision.xml : '';
};
