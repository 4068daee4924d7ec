import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import wechat from 'wechat';
import { decide } from '../src/callback/decide';
import { openCallback, sealAnswer, type Target } from '../src/callback/handle-callback';
import { compileRules, matchText, type MatchableRule, type RuleSet } from '../src/replies/matcher';
import { normalizeKeyword } from '../src/replies/reply-schema';
import { decodeAesKey, decryptMessage, encryptMessage, sealMessage } from '../src/wechat/crypto';
import { sha1Signature } from '../src/wechat/signature';
import { buildWechatXml } from '../src/wechat/xml';

/**
 * The callback's in-process pipeline (verify, decrypt, parse, match, build, encrypt — no I/O)
 * beside node-webot's `wechat` middleware doing the same for the same deliveries, and beside the
 * crypto floor (bare node:crypto AES-256-CBC decrypt of the message + encrypt of the reply),
 * interleaved in one process so the three see the same machine.
 */
export const benchAccount = {
  appid: 'wxbench0000000001',
  token: 'benchToken',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

export const textRules = (count: number, match: 'exact' | 'contains'): MatchableRule[] =>
  Array.from({ length: count }, (_, i) => ({
    normalized: normalizeKeyword(`keyword-${i}`),
    match,
    reply: { type: 'text' as const, content: { content: `answer ${i}` } },
  }));

/** A safe-mode delivery, as WeChat sends it. */
export const sealedDelivery = (content: string, account = benchAccount) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const xml = buildWechatXml({
    ToUserName: 'gh_bench',
    FromUserName: 'o_bench_follower_0000000000',
    CreateTime: Number(timestamp),
    MsgType: 'text',
    Content: content,
    MsgId: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
  });
  const sealed = sealMessage({ xml, token: account.token, encodingAesKey: account.aesKey, appId: account.appid, timestamp, nonce });
  return {
    query: { signature: sha1Signature(account.token, timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: sealed.msgSignature },
    body: Buffer.from(buildWechatXml({ ToUserName: 'gh_bench', Encrypt: sealed.encrypt })),
    encrypt: sealed.encrypt,
  };
};

const target: Target = {
  account: undefined,
  receiver: { token: benchAccount.token, encodingAesKey: benchAccount.aesKey, appId: benchAccount.appid },
  releaseTest: false,
  encryptedOnly: false,
};

/** Ours, without the two DynamoDB requests: exactly what handleCallback does around them. */
export const ourPipeline = (rules: RuleSet) => (delivery: ReturnType<typeof sealedDelivery>): string => {
  const opened = openCallback(target, delivery.query, delivery.body);
  const decision = decide(opened.message, rules, { releaseTest: false, hasAccount: true, now: Math.floor(Date.now() / 1000) });
  if (decision.kind !== 'passive') throw new Error('bench message did not match');
  return sealAnswer(decision.xml, target.receiver, delivery.query.nonce, true).body;
};

/** The peer: node-webot's middleware, answering from a keyword table as its users write it. */
export const peerMiddleware = (count: number) => {
  const answers = new Map(Array.from({ length: count }, (_, i) => [`keyword-${i}`, `answer ${i}`]));
  return wechat({ token: benchAccount.token, appid: benchAccount.appid, encodingAESKey: benchAccount.aesKey }, (req, res) => {
    res.reply(answers.get(String(req.weixin.Content).toLowerCase()) ?? '');
  });
};

const peerOnce = (middleware: ReturnType<typeof peerMiddleware>, delivery: ReturnType<typeof sealedDelivery>): Promise<string> =>
  new Promise((resolve, reject) => {
    const req = { method: 'POST', query: delivery.query, rawBody: delivery.body };
    const res = { writeHead: () => undefined, setHeader: () => undefined, end: (body: string) => resolve(body) };
    middleware(req, res, (error) => reject(error ?? new Error('peer did not answer')));
  });

/** The floor: decrypt the message and encrypt a reply of the same size, nothing else. */
const key = decodeAesKey(benchAccount.aesKey);
const cryptoFloor = (delivery: ReturnType<typeof sealedDelivery>, replyBytes: number): number => {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(delivery.encrypt, 'base64')), decipher.final()]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const out = Buffer.concat([cipher.update(Buffer.alloc(Math.ceil((replyBytes + 20) / 32) * 32, 1)), cipher.final()]).toString('base64');
  return plain.length + out.length;
};

/**
 * The same floor with the cipher kept per key as ours keeps it (src/wechat/crypto.ts): our own
 * decryptMessage + encryptMessage, nothing else. For reading the ratio honestly: part of what
 * ours saves against the bare floor is the two cipher creations per message the floor pays.
 */
const chainedFloor = (delivery: ReturnType<typeof sealedDelivery>, reply: string): number =>
  decryptMessage(delivery.encrypt, { key, appId: benchAccount.appid }).length + encryptMessage(reply, { key, appId: benchAccount.appid }).length;

export interface PipelineNumbers {
  oursUs: number;
  peerUs: number;
  floorUs: number;
  chainedFloorUs: number;
  oursToChainedFloor: number;
  /** Medians of the per-round ratios (each round times all three back to back, so load drift cancels). */
  oursToPeer: number;
  oursToFloor: number;
}

/**
 * This process's CPU time (user + system), not the wall clock: on a machine shared by several
 * engineers a wall-clock slot of a few milliseconds is often preempted whole, CPU time is not.
 */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Median CPU µs per message over interleaved rounds. Each round runs the same deliveries through the
 * three, in an order that rotates from round to round, and the ratios are taken per round: on a
 * shared machine the load changes between rounds, not within a few milliseconds.
 */
export const benchPipeline = async (rounds = 60, perRound = 100): Promise<PipelineNumbers> => {
  const rules = compileRules(textRules(10, 'exact'));
  const ours = ourPipeline(rules);
  const peer = peerMiddleware(10);
  const deliveries = Array.from({ length: perRound }, (_, i) => sealedDelivery(`keyword-${i % 10}`));
  const replyBytes = ours(deliveries[0]!).length;
  const replyText = 'x'.repeat(replyBytes);
  let sink = 0;
  const runners: Record<'ours' | 'peer' | 'floor' | 'chained', () => Promise<number>> = {
    ours: async () => {
      const t = cpuMs();
      for (const d of deliveries) sink += ours(d).length;
      return cpuMs() - t;
    },
    peer: async () => {
      const t = cpuMs();
      for (const d of deliveries) sink += (await peerOnce(peer, d)).length;
      return cpuMs() - t;
    },
    floor: async () => {
      const t = cpuMs();
      for (const d of deliveries) sink += cryptoFloor(d, replyBytes);
      return cpuMs() - t;
    },
    chained: async () => {
      const t = cpuMs();
      for (const d of deliveries) sink += chainedFloor(d, replyText);
      return cpuMs() - t;
    },
  };
  const names = ['ours', 'peer', 'floor', 'chained'] as const;
  const samples = {
    ours: [] as number[],
    peer: [] as number[],
    floor: [] as number[],
    chained: [] as number[],
    toPeer: [] as number[],
    toFloor: [] as number[],
    toChained: [] as number[],
  };
  for (let round = 0; round < rounds + 5; round++) {
    const ms = { ours: 0, peer: 0, floor: 0, chained: 0 };
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      ms[name] = await runners[name]();
    }
    if (round < 5) continue; // warm-up
    for (const name of names) samples[name].push((ms[name] * 1000) / perRound);
    samples.toPeer.push(ms.ours / ms.peer);
    samples.toFloor.push(ms.ours / ms.floor);
    samples.toChained.push(ms.ours / ms.chained);
  }
  if (sink === 0) throw new Error('nothing was computed');
  return {
    oursUs: median(samples.ours),
    peerUs: median(samples.peer),
    floorUs: median(samples.floor),
    chainedFloorUs: median(samples.chained),
    oursToChainedFloor: median(samples.toChained),
    oursToPeer: median(samples.toPeer),
    oursToFloor: median(samples.toFloor),
  };
};

/** Matching alone: µs per text against 10 and 10,000 `contains` rules. */
export const benchMatching = (): { tenUs: number; tenThousandUs: number } => {
  const texts = Array.from({ length: 1000 }, (_, i) => `hello, I want keyword-${i % 10} please`);
  const time = (rules: RuleSet) => {
    let best = Infinity;
    for (let round = 0; round < 20; round++) {
      const t = performance.now();
      for (const text of texts) if (!matchText(rules, text)) throw new Error('no match');
      best = Math.min(best, ((performance.now() - t) * 1000) / texts.length);
    }
    return best;
  };
  const ten = compileRules(textRules(10, 'contains'));
  const tenThousand = compileRules(textRules(10_000, 'contains'));
  return { tenUs: time(ten), tenThousandUs: time(tenThousand) };
};

/** The peer over HTTP: a plain node server with its middleware, for the end-to-end comparison. */
export const startPeerServer = async (): Promise<{ url: string; server: Server }> => {
  const middleware = peerMiddleware(10);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    (req as unknown as { query: Record<string, string> }).query = Object.fromEntries(url.searchParams);
    middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/wechat`, server };
};
