import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { contract } from '../../lib/contract';
import { routeList, type RouteId } from '../../lib/routes';
import { fieldLabel } from '../../src/core/messages/fields';
import { knowsRule } from '../../src/core/messages/texts';
import { englishWords } from '../support/chinese';
import { sampleOf } from '../support/openapi-sample';
import { call, type ApiResponse, type RequestOptions } from '../support/http';
import { loggedInUser, type LoggedInUser } from '../support/users';

/**
 * Every route in the route table meets bad input and answers a 4xx with SPEC §3's errcode,
 * never a 5xx. A route's valid input is written below where it needs care (path parameters,
 * optional fields, values a sample cannot guess); any other route's is derived from its own
 * schema, so a new route is covered without touching this file.
 */
interface Fixture {
  /** A valid input; each field is then taken away, mistyped and made over-long. */
  valid: Record<string, string>;
  /** Fields that may be left out (the rest must be named when missing). */
  optional?: string[];
  /** Values for the path's {parameters}. */
  path?: Record<string, string>;
  /** Wrong-type values for fields where the default ones (a number, null…) would be right. */
  wrongTypes?: Record<string, unknown[]>;
}

const notANumber = [{ nested: true }, ['a'], 'not-a-number'];
const menu = JSON.stringify([{ type: 'click', name: 'Today', key: 'TODAY' }]);

const written: Partial<Record<RouteId, Fixture>> = {
  'user.register': { valid: { username: 'valid_name', password: 'long-enough-pw', email: 'a@example.com' } },
  'user.verify': { valid: { token: 'A'.repeat(43) } },
  'user.resendVerification': { valid: { email: 'a@example.com' } },
  'user.login': { valid: { username: 'valid_name', password: 'long-enough-pw' } },
  'user.logout': { valid: {} },
  'user.me': { valid: {} },
  'user.logo': { valid: {} },
  'component.authUrl': { valid: {} },
  'component.authCallback': { valid: { auth_code: 'queryauthcode@@@abc', state: 'S'.repeat(43) } },
  'component.authComplete': { valid: { state: 'a'.repeat(64), auth_code: 'queryauthcode@@@abc' }, optional: ['auth_code', 'confirmCode'] },
  'component.authStatus': { valid: { state: 'a'.repeat(64) } },
  'component.event': { valid: { timestamp: '1700000000', nonce: '12345', msg_signature: 'a'.repeat(40) } },
  'accounts.bindDirect': { valid: { appid: 'wx0123456789abcdef', appsecret: 'a'.repeat(32), token: 'token123' } },
  'accounts.unbind': { valid: { appid: 'wx0123456789abcdef', password: 'long-enough-pw' } },
  'accounts.cancelTransfer': { valid: { appid: 'wx0123456789abcdef', token: 'A'.repeat(43) } },
  'replies.add': { valid: { type: 'text', reply: '{"type":"text","content":"hi"}', request: 'hello' } },
  'replies.update': { valid: { type: 'text', reply: '{"type":"text","content":"hi"}', request: 'hello' } },
  'replies.delete': { valid: { request: 'hello' } },
  'replies.list': { valid: { limit: '10' }, optional: ['limit'] },
  'callback.verifyUrl': {
    valid: { signature: 'a'.repeat(40), timestamp: '1700000000', nonce: '1', echostr: 'hello' },
    path: { appid: 'wx0123456789abcdef' },
  },
  'callback.message': {
    valid: { signature: 'a'.repeat(40), timestamp: '1700000000', nonce: '1' },
    path: { appid: 'wx0123456789abcdef' },
  },
  'accounts.updateSettings': { valid: { domains: 'example.com,shop.example.com', inboxRetentionDays: '5' }, optional: ['domains', 'inboxRetentionDays'] },
  'accounts.detail': { valid: {}, optional: [] },
  'platform.webauth': { valid: { appid: 'wx0123456789abcdef', scope: 'snsapi_base' }, optional: ['scope'] },
  'platform.jsticket': { valid: { appid: 'wx0123456789abcdef', url: 'https://example.com/page?a=1' } },
  'platform.qrcode': { valid: { sceneId: '123' }, wrongTypes: { sceneId: [{ nested: true }, ['a'], null] } },
  'followers.updateRemark': { valid: { openid: 'o123', remark: 'VIP' } },
  'groups.list': { valid: {} },
  'groups.which': { valid: { openid: 'o123' } },
  'groups.create': { valid: { groupName: 'VIP' } },
  'groups.update': { valid: { groupId: '100', groupName: 'VIP' }, wrongTypes: { groupId: notANumber } },
  'groups.delete': { valid: { groupId: '100' }, wrongTypes: { groupId: notANumber } },
  'groups.move': { valid: { groupId: '100', openid: 'o123' }, wrongTypes: { groupId: notANumber } },
  'groups.users': { valid: { groupId: '100' }, wrongTypes: { groupId: notANumber } },
  'materials.upload': { valid: { type: 'image' } },
  'materials.uploadVideo': { valid: { title: 'A video' } },
  'materials.createUploadUrl': { valid: { type: 'video', size: '1000' }, wrongTypes: { size: notANumber } },
  'materials.remove': { valid: { mediaId: 'MEDIA_1' } },
  'materials.count': { valid: {} },
  'materials.list': { valid: { type: 'image' } },
  'materials.image': { valid: { mediaId: 'MEDIA_1' } },
  'materials.uploadLogo': { valid: {} },
  'platform.mpVerifyFile': { valid: {}, path: { file: 'MP_verify_AbC123.txt' } },
  'menus.create': { valid: { button: menu }, wrongTypes: { button: [12345, { nested: true }, null, 'x'] } },
  'menus.get': { valid: {} },
  'menus.delete': { valid: {} },
  'menus.addConditional': {
    valid: { button: menu, matchrule: '{"tag_id":"100"}' },
    wrongTypes: { button: [12345, { nested: true }, null, 'x'], matchrule: [12345, ['a'], null, 'x'] },
  },
  'menus.deleteConditional': { valid: { menuid: '400000001' }, wrongTypes: { menuid: [{ nested: true }, ['a'], null, 'abc'] } },
  'menus.listConditional': { valid: {} },
  'menus.tryMatch': { valid: { openid: 'o123' } },
  'inbox.list': { valid: { limit: '10' }, optional: ['limit'], wrongTypes: { limit: notANumber } },
  'inbox.conversation': { valid: { openid: 'o123' } },
  'inbox.markHandled': { valid: { ids: `1700000000-${'a'.repeat(32)}` }, wrongTypes: { ids: [12345, { nested: true }, null] } },
  'inbox.reply': { valid: { openid: 'o123', type: 'text', content: 'hi' } },
  'inbox.media': { valid: { id: `1700000000-${'a'.repeat(32)}` } },
  // One message of five and one audience of two: each alone may be left out (the rule then names it).
  'content.massSend': { valid: { text: 'hi', toAll: 'true' }, optional: ['text', 'toAll'] },
  'content.previewMass': { valid: { openid: 'o123', text: 'hi' }, optional: ['text'] },
  // A list of one OpenID ('a' is a well-formed one) is the right type for `openids`.
  'audience.batchTag': { valid: { openids: '["oVALIDopenid1234567890abcd"]', tagId: '100' }, optional: ['untag'], wrongTypes: { openids: [12345, { nested: true }, [12345], null], tagId: notANumber } },
  // A list of one name is the right type for `keywordNames`; one target (openid or tagId) and `data` in WeChat's shape.
  'templates.add': { valid: { templateIdShort: '47123', keywordNames: '["商品名称"]' }, wrongTypes: { keywordNames: [12345, { nested: true }, [12345], null] } },
  'templates.send': {
    valid: { templateId: 'tpl-1', openid: 'oVALIDopenid1234567890abcd', data: '{"thing1":{"value":"拿铁"}}' },
    optional: ['openid'],
    wrongTypes: { data: [12345, null, 'x', ['a']] },
  },
};

/** The least valid input the route's schema accepts (its required fields), as strings. */
const derived = (id: RouteId): Fixture => {
  const schema = z.toJSONSchema(contract[id].input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const sample = sampleOf(schema, schema) as Record<string, unknown>;
  return { valid: Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) };
};

const fixtures = Object.fromEntries(routeList.map((r) => [r.id, written[r.id] ?? derived(r.id)])) as Record<RouteId, Fixture>;

const statusOf: Record<number, number> = {
  40000: 400, 40100: 401, 40101: 401, 40102: 403, 40300: 403, 40400: 404,
  40900: 409, 41200: 409, 41300: 413, 41500: 415, 42900: 429,
};

const expectClientError = (res: ApiResponse, errcode?: number) => {
  expect(res.status, res.text).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text).toBeLessThan(500);
  expect(typeof res.body?.errcode, res.text).toBe('number');
  expect(statusOf[res.body.errcode], `errcode ${res.body.errcode} is SPEC's and matches status`).toBe(res.status);
  expect(typeof res.body.msg).toBe('string');
  expect(res.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  if (errcode !== undefined) expect(res.body.errcode, res.text).toBe(errcode);
};

/**
 * The answer speaks Chinese by default and names the field by its label: `msg` holds no English
 * words (WeChat's and our product names aside), and the rule is one the text table words.
 */
const expectWorded = (res: ApiResponse) => {
  expect(knowsRule(res.body.rule), `rule ${res.body.rule} has a text (${res.text})`).toBe(true);
  expect(englishWords(res.body.msg, [res.body.limit, res.body.given]), res.text).toEqual([]);
};

let user: LoggedInUser;
beforeAll(async () => {
  user = await loggedInUser();
});

const send = (
  route: (typeof routeList)[number],
  options: RequestOptions & { withToken?: boolean; pathValues?: Record<string, string> },
) => {
  const { withToken = true, pathValues = fixtures[route.id].path, ...rest } = options;
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues?.[name] ?? name));
  return call(path, {
    method: route.method,
    ...rest,
    // What a person reads: the API's default language.
    headers: { 'accept-language': 'zh-CN', ...rest.headers },
    ...(route.auth && withToken && !rest.token ? { token: user.token } : {}),
  });
};

/** Puts fields where the route reads them: the query for GETs and raw pushes, a body otherwise. */
const inQuery = (route: (typeof routeList)[number]) => route.method === 'GET' || route.body === 'raw';
const asInput = (route: (typeof routeList)[number], fields: Record<string, unknown>): RequestOptions =>
  inQuery(route) ? { query: fields as Record<string, string> } : { json: fields };

it('writes fixtures only for routes of the table, and derives the rest only where no path parameter needs a value', () => {
  const ids = new Set<string>(routeList.map((r) => r.id));
  expect(Object.keys(written).filter((id) => !ids.has(id))).toEqual([]);
  const derivedWithPath = routeList.filter((r) => !written[r.id] && r.path.includes('{')).map((r) => r.id);
  expect(derivedWithPath).toEqual([]);
});

describe.each(routeList.map((r) => [r.id, r] as const))('%s', (_id, route) => {
  const fixture = fixtures[route.id];
  const fields = Object.keys(fixture.valid);
  const required = fields.filter((f) => !fixture.optional?.includes(f));

  if (route.auth) {
    it('answers 40100 without a token, with a forged one, with a malformed bearer', async () => {
      const none = await send(route, { ...asInput(route, fixture.valid), withToken: false });
      const forged = await send(route, { ...asInput(route, fixture.valid), token: randomBytes(32).toString('base64url') });
      const huge = await send(route, { ...asInput(route, fixture.valid), token: 'x'.repeat(4000) });
      const bearer = await send(route, {
        ...asInput(route, fixture.valid),
        withToken: false,
        headers: { authorization: 'Bearer' },
      });
      for (const res of [none, forged, huge, bearer]) expectClientError(res, 40100);
    });
  }

  if (fixture.path) it('answers a 4xx to a malformed or over-long path parameter', async () => {
    for (const name of Object.keys(fixture.path!)) {
      for (const bad of ['x'.repeat(2000), '../../etc/passwd', '\u0000', '名字']) {
        const res = await send(route, { ...asInput(route, fixture.valid), pathValues: { ...fixture.path, [name]: bad } });
        expectClientError(res);
      }
    }
  });

  if (required.length > 0) it('names each missing required field', async () => {
    for (const field of required) {
      const { [field]: _gone, ...rest } = fixture.valid;
      const res = await send(route, asInput(route, rest));
      expectClientError(res, 40000);
      expect(res.body, res.text).toMatchObject({ field, rule: 'required' });
      expect(res.body.msg).toBe(`请填写${fieldLabel(field, 'zh-CN')}`);
    }
  });

  if (fields.length > 0) it('names each over-long field', async () => {
    // 100 kB in a body; 8 kB in a query string (URLs are limited long before that).
    const size = inQuery(route) ? 8 * 1024 : 100 * 1024;
    for (const field of fields) {
      const res = await send(route, asInput(route, { ...fixture.valid, [field]: 'x'.repeat(size) }));
      expectClientError(res, 40000);
      expect(res.body.field, res.text).toMatch(new RegExp(`^${field}($|[.[])`));
      expectWorded(res);
    }
  });

  // Routes whose only input is the path (the MP_verify file): a malformed or over-long parameter.
  if (fixture.path && fields.length === 0) it('answers 40000 naming a malformed or over-long path parameter', async () => {
    for (const name of Object.keys(fixture.path!)) {
      for (const bad of ['x'.repeat(2000), 'not valid!', 'MP_verify_abc.txt.exe']) {
        const path = route.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(n === name ? bad : fixture.path![n]!));
        const res = await call(path, { method: route.method, headers: { 'accept-language': 'zh-CN' } });
        expectClientError(res, 40000);
        expect(res.body.field, res.text).toBe(name);
        expectWorded(res);
      }
    }
  });

  if (route.body === 'form') {
    if (fields.length > 0) it('names each field of the wrong type', async () => {
      for (const field of fields) {
        for (const wrong of fixture.wrongTypes?.[field] ?? [12345, { nested: true }, ['a'], null]) {
          const res = await send(route, { json: { ...fixture.valid, [field]: wrong } });
          expectClientError(res, 40000);
          expect(res.body.field, res.text).toMatch(new RegExp(`^${field}($|[.[])`));
          expectWorded(res);
        }
      }
    });

    it('answers 40000 to malformed JSON and to JSON that is not an object', async () => {
      for (const raw of ['{"username": ', '[1,2]', '"text"', 'nul']) {
        const res = await send(route, { raw, contentType: 'application/json' });
        expectClientError(res, 40000);
        expect(res.body, res.text).toMatchObject({ field: 'body', rule: expect.stringMatching(/^body\.(json|object)$/) });
        expectWorded(res);
      }
    });

    it('answers 41500 to an unsupported content type', async () => {
      for (const contentType of ['text/plain', 'application/xml', 'image/png']) {
        const res = await send(route, { raw: 'x=1', contentType });
        expectClientError(res, 41500);
      }
    });

    it('answers 41300 to a body larger than the limit', async () => {
      const res = await send(route, { json: { ...fixture.valid, padding: 'x'.repeat(300 * 1024) } });
      expectClientError(res, 41300);
    });
  }
});
