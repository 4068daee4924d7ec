import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { aClientAddress, call, type ApiResponse, type RequestOptions } from '../support/http';
import { routesUnderTest, type RouteUnderTest } from './route-schemas';

/**
 * Property-based fuzz of every route in the route table, its fields taken from the zod schema the
 * handler validates with: generated bad bodies (wrong types, huge and odd Unicode, NUL, prototype
 * keys, malformed and truncated JSON/form/multipart, wrong content types) and query strings.
 * Invariant: a 4xx with an errcode JSON (or API Gateway's own refusal: 400/404/413/429/431 `{message}`), never a 5xx, and the
 * gateway still answering afterwards.
 *
 * Bounded and seeded in `npm test`; FUZZ_RUNS=<runs per route> for a longer run, FUZZ_SEED=<n> to
 * replay one (a failure prints both).
 */
const seed = Number(process.env['FUZZ_SEED'] ?? 20261130);
const runs = Number(process.env['FUZZ_RUNS'] ?? 5);
/** Cases sent at once per run (the gateway handles them concurrently). */
const batch = 8;

const statusOf: Record<number, number> = {
  40000: 400, 40100: 401, 40101: 401, 40102: 403, 40300: 403, 40301: 403, 40400: 404, 40900: 409,
  41200: 409, 41300: 413, 41500: 415, 42900: 429, 50200: 502, 50300: 503,
};

// ---------- generators ----------
const aliases = ['tile', 'senseld', 'vedio', 'mediald', 'logolFile', 'thumbMediald'];
const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const oddStrings = fc.constantFrom(
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800x', '\u337f'.repeat(200), '\u202eevil', '🏳️‍🌈'.repeat(40),
  'ﬀ'.repeat(300), 'e\u0301'.repeat(100), '%00', '%E0%A4%A', '../../etc/passwd', '__proto__', 'constructor',
  '{"__proto__":{"polluted":1}}', '1e309', 'NaN', '-0', '-1', '9007199254740993', '0x10', 'true', 'null',
  'wx0123456789abcdef', '<xml><!DOCTYPE x [<!ENTITY a "b">]><a>&a;</a></xml>', 'http://[::1', 'javascript:alert(1)',
  '{"type":"text","content":"\u0000"}', '{"type":"news","articles":[{"title":1}]}', '[]', '{}', '"', '\\',
);
const hugeStrings = fc.constantFrom(1_000, 20_000, 90_000).chain((n) =>
  fc.constantFrom('a', '字', '\u337f', '🀄', '\u0000').map((c) => c.repeat(Math.ceil(n / Buffer.byteLength(c)))),
);
const strings = fc.oneof(
  { arbitrary: oddStrings, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: hugeStrings, weight: 1 },
);
/** Deeply nested JSON, as text (as a value it would overflow the reporter's own recursion). */
const deepJson = fc.integer({ min: 50, max: 20_000 }).map((d) => `${'{"a":['.repeat(d)}1${']}'.repeat(d)}`);
const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    strings,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...prototypeKeys)), tie('value'), { maxKeys: 3 }),
  ),
}));
const values = fc.oneof({ arbitrary: anyValue, weight: 6 }, { arbitrary: deepJson, weight: 1 });

type Entry = [string, unknown];
const entriesFor = (fields: string[]) =>
  fc.array(
    fc.tuple(
      fc.oneof(
        { arbitrary: fc.constantFrom(...(fields.length ? fields : ['appid']), ...aliases), weight: 6 },
        { arbitrary: fc.constantFrom(...prototypeKeys, 'access_token', ''), weight: 2 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
      ),
      values,
    ),
    { maxLength: 8 },
  );

/** JSON text that keeps every key as sent (a __proto__ key included), which JSON.stringify of an object would not. */
const jsonText = (entries: Entry[]) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
/** URL-encoding cannot carry lone surrogates (JSON and multipart bodies do): those become U+FFFD here. */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
const enc = (s: string) => encodeURIComponent(wellFormed(s));
const formText = (entries: Entry[]) => entries.map(([k, v]) => `${enc(k)}=${enc(asText(v))}`).join('&');

const multipart = (entries: Entry[], withFile: boolean, boundary: string) =>
  Buffer.concat([
    ...entries.map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, '')}"\r\n\r\n${asText(v)}\r\n`)),
    ...(withFile
      ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), Buffer.from('\r\n')]
      : []),
    Buffer.from(`--${boundary}--\r\n`),
  ]);

interface Body {
  raw: Buffer | string;
  contentType?: string;
}

const bodies = (fields: string[]): fc.Arbitrary<Body> =>
  fc.oneof(
    entriesFor(fields).map((e): Body => ({ raw: jsonText(e), contentType: 'application/json' })),
    fc.tuple(entriesFor(fields), fc.nat()).map(([e, cut]): Body => {
      const text = jsonText(e);
      return { raw: text.slice(0, text.length ? cut % text.length : 0), contentType: 'application/json' };
    }),
    values.map((v): Body => ({ raw: JSON.stringify(v) ?? 'undefined', contentType: 'application/json; charset=utf-8' })),
    entriesFor(fields).map((e): Body => ({ raw: formText(e), contentType: 'application/x-www-form-urlencoded' })),
    entriesFor(fields).map((e): Body => ({ raw: `${formText(e)}&%E0%A4%A=%&=&&a=%ZZ`, contentType: 'application/x-www-form-urlencoded' })),
    fc.tuple(entriesFor(fields), fc.boolean(), fc.nat(), fc.boolean()).map(([e, file, cut, truncate]): Body => {
      const body = multipart(e, file, 'XyZ');
      return { raw: truncate ? body.subarray(0, cut % (body.length || 1)) : body, contentType: 'multipart/form-data; boundary=XyZ' };
    }),
    fc.tuple(entriesFor(fields), fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary="unterminated', 'multipart/mixed; boundary=XyZ')).map(
      ([e, contentType]): Body => ({ raw: multipart(e, false, 'XyZ'), contentType }),
    ),
    fc.tuple(entriesFor(fields), fc.constantFrom(undefined, 'text/plain', 'application/xml', 'application/octet-stream', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded; charset=latin1', 'x/y+json', '*/*', ';;;')).map(
      ([e, contentType]): Body => ({ raw: jsonText(e), ...(contentType ? { contentType } : {}) }),
    ),
    fc.uint8Array({ maxLength: 512 }).map((b): Body => ({ raw: Buffer.from(b), contentType: 'application/json' })),
    deepJson.map((raw): Body => ({ raw, contentType: 'application/json' })),
  );

/** A query string: fields with odd values, sometimes raw bytes and broken escapes. */
const queries = (fields: string[]) =>
  fc.tuple(entriesFor(fields), fc.constantFrom('', '&%E0%A4%A=1', '&a=%', '&a=1&a=2&a=3', '&__proto__[x]=1', '&%00=%00')).map(
    ([e, extra]) => `${formText(e.filter(([, v]) => typeof v !== 'object' || v === null))}${extra}`,
  );

const pathValues = fc.oneof(fc.constant('wx0123456789abcdef'), fc.constantFrom('%E0%A4%A', '%00', '..', 'wx' + 'a'.repeat(500), '%2F%2E%2E'), fc.string({ maxLength: 20 }).map(enc));

interface Case {
  query: string;
  body: Body | undefined;
  path: string;
  token: 'valid' | 'junk' | 'none';
}

const cases = (r: RouteUnderTest): fc.Arbitrary<Case> =>
  fc.record({
    query: queries(r.fields),
    body: r.route.method === 'POST' ? fc.option(bodies(r.fields), { freq: 8 }).map((b) => b ?? undefined) : fc.constant(undefined),
    path: pathValues,
    token: fc.constantFrom<Case['token']>('valid', 'valid', 'valid', 'junk', 'none'),
  });

// ---------- the invariant ----------
let owner: UserWithAccount;
let logoutToken: string;
const client = aClientAddress();

const send = (r: RouteUnderTest, c: Case): Promise<ApiResponse> => {
  const path = r.route.path.replace(/\{\w+\}/g, c.path);
  const token = r.id === 'user.logout' ? logoutToken : owner.user.token;
  const query = c.token === 'valid' && r.route.auth ? `${c.query}&access_token=${encodeURIComponent(token)}` : c.token === 'junk' ? `${c.query}&access_token=junk%00` : c.query;
  const options: RequestOptions = {
    method: r.route.method,
    from: client,
    ...(c.body ? { raw: c.body.raw, ...(c.body.contentType ? { contentType: c.body.contentType } : {}) } : {}),
  };
  return call(`${path}?${query}`, options);
};

/** Refusals of the gateway itself, before any function (API Gateway's shape: `{message}`). */
const gatewayOwn = (res: ApiResponse) => [400, 404, 413, 429, 431].includes(res.status) && typeof res.body?.message === 'string';

const checkAnswer = (r: RouteUnderTest, c: Case, res: ApiResponse) => {
  const what = `${r.id} answered ${res.status} ${res.text.slice(0, 300)}\n  to ${JSON.stringify(c).slice(0, 400)}`;
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400 && !gatewayOwn(res)) {
    expect(typeof res.body?.errcode, what).toBe('number');
    expect(statusOf[res.body.errcode], what).toBe(res.status);
    expect(typeof res.body.msg, what).toBe('string');
    expect(res.text, what).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  }
};

let routes: RouteUnderTest[];
beforeAll(async () => {
  routes = await routesUnderTest();
  owner = await userWithDirectAccount();
  const again = await call('/apis/user/login', { form: { username: owner.user.username, password: owner.user.password } });
  logoutToken = again.body.access_token;
  console.log(`[fuzz] seed ${seed}, ${runs} runs × ${batch} cases per route (FUZZ_SEED / FUZZ_RUNS to change)`);
});

describe('fuzz: every route of the route table', () => {
  it('answers generated bad input with a 4xx errcode, never a 5xx, and keeps running', { timeout: 600_000 }, async () => {
    const started = Date.now();
    let total = 0;
    const slowest: [string, number][] = [];
    for (const r of routes) {
      const routeStarted = Date.now();
      const property = fc.asyncProperty(fc.array(cases(r), { minLength: batch, maxLength: batch }), async (batchOfCases) => {
        const answers = await Promise.all(batchOfCases.map((c) => send(r, c)));
        total += answers.length;
        answers.forEach((res, i) => checkAnswer(r, batchOfCases[i]!, res));
      });
      try {
        await fc.assert(property, { seed, numRuns: runs, endOnFailure: true });
      } catch (error) {
        const message = (error as Error).message;
        const cut = (text: string) => (text.length > 1500 ? `${text.slice(0, 600)} …[${text.length - 1200} chars]… ${text.slice(-600)}` : text);
        const cause = (error as Error & { cause?: Error }).cause?.message ?? '';
        throw new Error(`fuzz of ${r.id} failed; replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}\n${cut(cause || message)}\n${cut(message.split('\n').slice(0, 2).join(' '))}`);
      }
      slowest.push([r.id, Date.now() - routeStarted]);
    }
    slowest.sort((a, b) => b[1] - a[1]);
    console.log(`[fuzz] slowest routes: ${slowest.slice(0, 5).map(([id, ms]) => `${id} ${ms} ms`).join(', ')}`);
    console.log(`[fuzz] ${total} requests over ${routes.length} routes in ${Date.now() - started} ms`);

    const alive = await call('/apis/user/me');
    expect(alive.body.errcode).toBe(40100);
  });
});
