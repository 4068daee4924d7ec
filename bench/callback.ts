import { randomBytes } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../src/data/client';
import { ruleItem } from '../src/data/reply-rules';
import { normalizeKeyword } from '../src/replies/reply-schema';
import { sealMessage } from '../src/wechat/crypto';
import { sha1Signature } from '../src/wechat/signature';
import { buildWechatXml } from '../src/wechat/xml';
import { measure, type Measurement } from './harness';

/** Seeds `count` exact-keyword text rules (plus two `contains` rules) straight into the table. */
export const seedRules = async (tableName: string, appid: string, count: number): Promise<void> => {
  const now = new Date().toISOString();
  const items = Array.from({ length: count }, (_, i) => {
    const keyword = `keyword-${i}`;
    const match = i < 2 ? ('contains' as const) : ('exact' as const);
    return ruleItem(
      { appid, keyword: i < 2 ? `promo${i}` : keyword, match, reply: { type: 'text', content: { content: `answer ${i}` } }, createdAt: now, updatedAt: now },
      normalizeKeyword(i < 2 ? `promo${i}` : keyword),
    );
  });
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
};

/** Safe-mode deliveries of matching texts to one account's callback, as WeChat sends them. */
export const benchCallback = (
  name: string,
  base: string,
  account: { appid: string; token: string; aesKey: string },
  ruleCount: number,
): Promise<Measurement> =>
  measure(name, { count: 400, concurrency: 4 }, async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE());
    const keyword = `keyword-${2 + Math.floor(Math.random() * (ruleCount - 2))}`;
    const xml = buildWechatXml({
      ToUserName: 'gh_bench',
      FromUserName: 'o_bench',
      CreateTime: Number(timestamp),
      MsgType: 'text',
      Content: keyword,
      MsgId: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
    });
    const sealed = sealMessage({ xml, token: account.token, encodingAesKey: account.aesKey, appId: account.appid, timestamp, nonce });
    const query = new URLSearchParams({
      signature: sha1Signature(account.token, timestamp, nonce),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: sealed.msgSignature,
    });
    const res = await fetch(`${base}/wxplatform/callback/${account.appid}?${query}`, {
      method: 'POST',
      body: buildWechatXml({ ToUserName: 'gh_bench', Encrypt: sealed.encrypt }),
    });
    const body = await res.text();
    if (res.status !== 200 || !body.startsWith('<xml><Encrypt>')) throw new Error(`callback answered ${res.status} ${body.slice(0, 200)}`);
  });
