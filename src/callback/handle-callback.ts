import { getAccount, type Account } from '../data/accounts';
import { claimMessage, completeMessage, readMark } from '../data/message-marks';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors';
import { logger } from '../http/logger';
import { callbackOutcome, countCallbackAnswered, countReplyNotReadyInTime } from '../observability/metrics';
import { buildReplyXml, textReplyXml } from '../replies/reply-xml';
import { matchSubscribe, matchText } from '../replies/rules';
import { queryAuth } from '../wechat/api/component';
import { sendCustomText } from '../wechat/api/custom-message';
import { componentCredentials } from '../wechat/component-credentials';
import { sealMessage } from '../wechat/crypto';
import { checkTimestamp, openSafeModePush, parsePushXml, type Receiver } from '../wechat/inbound';
import { verifyUrlSignature } from '../wechat/signature';
import { field, type WechatXml } from '../wechat/xml';
import { messageKey } from './message-key';
import { releaseTestAction } from './release-test';

/**
 * One official account's message callback (SPEC §4): verify, decrypt, de-duplicate WeChat's
 * retries, match a rule, answer a passive reply (encrypted when the request was) — or `success`,
 * which tells WeChat "nothing to say" and stops its retries.
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

/** WeChat's release-test accounts (official account, mini program). */
const releaseTestAppids = new Set(['wx570bc396a51b8ff8', 'wxd101a85aa106f53e']);

interface Target {
  account: Account | undefined;
  receiver: Receiver;
  /** Only the open platform's release test is answered (an account WeChat tests us with). */
  releaseTest: boolean;
}

/** Whose keys verify and decrypt this account's pushes: the component's, or the account's own. */
const targetOf = async (appid: string): Promise<Target> => {
  const account = await getAccount(appid);
  if (account?.mode === 'direct') {
    if (!account.callbackToken) throw new NotFoundError(`appid: ${appid} has no callback token`);
    return {
      account,
      receiver: { token: account.callbackToken, encodingAesKey: account.encodingAesKey ?? '', appId: appid },
      releaseTest: false,
    };
  }
  const component = await componentCredentials().catch(() => undefined);
  if (!component || (!account && !releaseTestAppids.has(appid))) throw new NotFoundError(`appid: ${appid} is not served here`);
  return {
    account,
    receiver: { token: component.token, encodingAesKey: component.aesKey, appId: component.appid },
    releaseTest: !account || releaseTestAppids.has(appid),
  };
};

/** GET: WeChat checks the URL by asking us to echo `echostr` under a valid signature. */
export const verifyCallbackUrl = async (appid: string, query: CallbackQuery & { echostr: string }): Promise<string> => {
  const { receiver } = await targetOf(appid);
  if (!verifyUrlSignature({ token: receiver.token, timestamp: query.timestamp, nonce: query.nonce, signature: query.signature })) {
    throw new ForbiddenError('signature: does not verify');
  }
  return query.echostr;
};

export const handleCallback = async (
  appid: string,
  query: CallbackQuery,
  body: Buffer,
  budgetMs: number,
): Promise<CallbackAnswer> => {
  const target = await targetOf(appid);
  const { receiver } = target;
  if (!verifyUrlSignature({ token: receiver.token, timestamp: query.timestamp, nonce: query.nonce, signature: query.signature })) {
    throw new ForbiddenError('signature: does not verify');
  }
  checkTimestamp(query.timestamp);
  const envelope = parsePushXml(body);
  const encrypted = query.encrypt_type === 'aes';
  let message: WechatXml;
  if (encrypted) {
    if (!receiver.encodingAesKey) throw new ValidationError('encrypt_type: this account has no EncodingAESKey');
    if (!query.msg_signature) throw new ValidationError('msg_signature: is required in safe mode');
    message = openSafeModePush(envelope, { timestamp: query.timestamp, nonce: query.nonce, msg_signature: query.msg_signature }, receiver);
  } else {
    message = envelope;
  }
  if (!field(message, 'FromUserName') || !field(message, 'ToUserName') || !field(message, 'MsgType')) {
    throw new ValidationError('body: ToUserName, FromUserName and MsgType are required');
  }
  if (target.account && target.account.status !== 'authorized' && !target.releaseTest) return nothing;

  const plain = await withinBudget(answerOnce(appid, message, target), budgetMs);
  if (plain === undefined) {
    logger.warn('reply not ready in time; answered success', { appid });
    countReplyNotReadyInTime();
    return nothing;
  }
  if (plain === '') return nothing;
  if (!encrypted) return { body: plain, contentType: 'application/xml; charset=utf-8' };
  const sealed = sealMessage({
    xml: plain,
    token: receiver.token,
    encodingAesKey: receiver.encodingAesKey,
    appId: receiver.appId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    nonce: query.nonce,
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

/** Processes a message once; a retry gets the stored answer (waiting briefly if the first is still at it). */
const answerOnce = async (appid: string, message: WechatXml, target: Target): Promise<string> => {
  const key = messageKey(message);
  if (await claimMessage(appid, key)) {
    const answer = await decide(appid, message, target);
    await completeMessage(appid, key, answer);
    return answer;
  }
  for (let waited = 0; waited < 4000; waited += 100) {
    const mark = await readMark(appid, key);
    if (mark?.state === 'done') return mark.answer ?? '';
    await new Promise((r) => setTimeout(r, 100));
  }
  return '';
};

/** The plaintext reply XML for a message, '' for none. */
const decide = async (appid: string, message: WechatXml, target: Target): Promise<string> => {
  const to = field(message, 'FromUserName');
  const from = field(message, 'ToUserName');
  const now = Math.floor(Date.now() / 1000);

  if (target.releaseTest) {
    const action = releaseTestAction(message);
    if (action.kind === 'text') return textReplyXml(action.content, to, from, now);
    if (action.kind === 'queryAuthCode') {
      const auth = await queryAuth(action.authCode);
      await sendCustomText(auth.authorizer_access_token, to, `${action.authCode}_from_api`);
      return '';
    }
    if (!target.account) return '';
  }

  const type = field(message, 'MsgType');
  const event = field(message, 'Event').toLowerCase();
  let rule;
  if (type === 'text') rule = await matchText(appid, field(message, 'Content'));
  else if (type === 'event' && event === 'subscribe') {
    const scene = field(message, 'EventKey').replace(/^qrscene_/, '');
    rule = await matchSubscribe(appid, scene || undefined);
  } else if (type === 'event' && event === 'click') rule = await matchText(appid, field(message, 'EventKey'));
  else if (type !== 'event') rule = await matchText(appid, '');
  countCallbackAnswered(callbackOutcome(rule));
  return rule ? buildReplyXml(rule.reply, to, from, now) : '';
};
