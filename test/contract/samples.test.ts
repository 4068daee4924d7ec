import { beforeAll, describe, expect, it } from 'vitest';
import { contract, errorBody, type ErrorCodeNumber, type RouteContract } from '../../lib/contract';
import { openApiDocument } from '../../lib/openapi';
import { routeList, type RouteDefinition, type RouteId } from '../../lib/routes';
import { userWithDirectAccount } from '../support/accounts';
import { call, type ApiResponse } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sampleOf, violationOf } from '../support/openapi-sample';
import { loggedInUser, type LoggedInUser } from '../support/users';

/**
 * The document and the code cannot drift: for every route, a request built only from the
 * document's schemas passes the real handler's validation (over HTTP, through the gateway), and
 * the same request with one field broken is refused with 40000 naming that field. Whatever the
 * handler answers must be one of the route's documented answers.
 */
const doc = openApiDocument() as any;
const opOf = (route: RouteDefinition) => doc.paths[route.path][route.method.toLowerCase()];

/** Real files for the upload routes (the document only says "binary"). */
const files: Partial<Record<RouteId, () => Buffer>> = {
  'materials.upload': () => sampleFile.png(),
  'materials.uploadVideo': () => sampleFile.mp4(),
  'materials.uploadLogo': () => sampleFile.png(),
  'content.uploadArticleImage': () => sampleFile.png(),
};

const toXml = (fields: Record<string, unknown>) =>
  `<xml>${Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === 'number' ? v : `<![CDATA[${String(v)}]]>`}</${k}>`)
    .join('')}</xml>`;

interface Sample {
  path: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  withFiles: boolean;
}

/**
 * Fields a sample needs beyond what the sampler builds from the document: rules it does not read
 * ("at least one of domains, mpVerifyFile, inboxRetentionDays"; a button needs a type unless it
 * holds sub-buttons, a rule the menu schema checks after parsing).
 */
const menu = [{ type: 'click', name: 'Today', key: 'TODAY' }, { name: 'More', sub_button: [{ type: 'view', name: 'Site', url: 'https://h5.example.com/' }] }];
const atLeastOne: Partial<Record<RouteId, Record<string, unknown>>> = {
  'accounts.updateSettings': { domains: ['h5.example.com'] },
  'menus.create': { button: menu },
  'menus.addConditional': { button: menu, matchrule: { tag_id: '100' } },
  // Exactly one message and one audience (checked after the fields).
  'content.massSend': { text: '周末八折', toAll: true },
  // One target, and at least one keyword's value.
  'templates.send': { openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', data: { thing1: { value: '拿铁' } } },
};

const sample = (route: RouteDefinition & { id: RouteId }): Sample => {
  const op = opOf(route);
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') path[p.name] = String(sampleOf(p.schema, doc, p.name));
    else if (p.required) query[p.name] = String(sampleOf(p.schema, doc, p.name));
  }
  const content = op.requestBody?.content ?? {};
  const schema = (content['multipart/form-data'] ?? content['application/json'] ?? content['text/xml'])?.schema;
  const body = schema ? (sampleOf(schema, doc) as Record<string, unknown>) : {};
  return { path, query, body: { ...body, ...atLeastOne[route.id] }, withFiles: route.body === 'multipart' };
};

const send = (route: RouteDefinition & { id: RouteId }, s: Sample, token: string | undefined): Promise<ApiResponse> => {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(s.path[name]!));
  const common = { method: route.method, query: s.query, ...(route.auth && token ? { token } : {}) } as const;
  if (route.body === 'none') return call(path, common);
  if (route.body === 'raw') return call(path, { ...common, raw: toXml(s.body), contentType: 'text/xml' });
  if (s.withFiles) {
    const c = contract[route.id] as RouteContract;
    const parts = Object.entries(s.body)
      .filter(([name]) => !(c.files ?? []).some((f) => f.name === name))
      .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
    for (const f of c.files ?? []) parts.push({ name: f.name, value: files[route.id]!(), filename: `upload.${route.id === 'materials.uploadVideo' ? 'mp4' : 'png'}` } as never);
    const { body, contentType } = multipartBody(parts);
    return call(path, { ...common, raw: body, contentType });
  }
  return call(path, { ...common, json: s.body });
};

/** The answer is one the contract documents: ok with its output shape, or one of its errcodes with the error shape. */
const expectDocumented = (id: RouteId, res: ApiResponse) => {
  const c = contract[id] as RouteContract;
  if (res.body === undefined) {
    expect([200, 302], `${id} answered ${res.status} ${res.text}`).toContain(res.status);
    if (res.status === 302) expect(c.redirect, id).toBeDefined();
    else expect(c.answer, id).toBeDefined();
    return;
  }
  const code = res.body.errcode as number;
  if (code === 0) {
    const parsed = c.output.safeParse(res.body);
    expect(parsed.success, `${id} ok body ${res.text}: ${parsed.error?.message}`).toBe(true);
    return;
  }
  expect(c.errcodes as readonly number[], `${id} answered ${res.text}`).toContain(code);
  expect(errorBody(code as ErrorCodeNumber).safeParse(res.body).success, `${id} error body ${res.text}`).toBe(true);
};

let owner: LoggedInUser;
let leaving: LoggedInUser;

beforeAll(async () => {
  owner = (await userWithDirectAccount()).user;
  leaving = await loggedInUser();
});

const tokenFor = (id: RouteId) => (id === 'user.logout' ? leaving.token : owner.token);

describe('the document against the handlers', () => {
  it.each(routeList.map((r) => [r.id, r] as const))('%s: a sample built from the document passes validation', async (id, route) => {
    // Prepare
    const s = sample(route);

    // Act
    const res = await send(route, s, tokenFor(id));

    // Assess: not refused as invalid (WeChat's own refusal of the sample's made-up openid, mapped
    // to 40000 with its wxerrcode, means our validation let it through), and a documented answer.
    if (res.body?.wxerrcode === undefined) expect(res.body?.errcode, `${id}: ${res.text}`).not.toBe(40000);
    expectDocumented(id, res);
  });

  it.each(routeList.map((r) => [r.id, r] as const))(
    '%s: a sample with one field broken is refused with 40000 naming the field',
    async (id, route) => {
      // Prepare: take away the first required field; else give the first constrained one a bad value.
      const op = opOf(route);
      const s = sample(route);
      const queryRequired: string[] = op.parameters.filter((p: any) => p.in === 'query' && p.required).map((p: any) => p.name as string);
      const content = op.requestBody?.content ?? {};
      const bodySchema = (content['multipart/form-data'] ?? content['application/json'])?.schema;
      const c = contract[id] as RouteContract;
      const fileNames = (c.files ?? []).map((f) => f.name);
      const bodyRequired = ((bodySchema?.required ?? []) as string[]).filter((n) => !fileNames.includes(n));
      let field: string | undefined;
      if (queryRequired.length) {
        const name: string = queryRequired[0]!;
        field = name;
        delete s.query[name];
      } else if (bodyRequired.length) {
        const name: string = bodyRequired[0]!;
        field = name;
        delete s.body[name];
      } else {
        const candidates: [string, unknown, 'query' | 'body' | 'path'][] = [
          ...op.parameters.filter((p: any) => p.in === 'query').map((p: any) => [p.name, violationOf(p.schema), 'query']),
          ...Object.entries(bodySchema?.properties ?? {}).map(([n, sch]) => [n, violationOf(sch as never), 'body']),
          ...op.parameters.filter((p: any) => p.in === 'path').map((p: any) => [p.name, violationOf(p.schema), 'path']),
        ].filter(([, bad]) => bad !== undefined) as never;
        if (candidates.length) {
          const [name, bad, where] = candidates[0]!;
          field = name;
          if (where === 'query') s.query[name] = String(bad);
          else if (where === 'path') s.path[name] = String(bad);
          else s.body[name] = bad;
        } else if ((c.files ?? []).some((f) => f.required)) {
          field = c.files!.find((f) => f.required)!.name;
          s.withFiles = false;
        }
      }
      if (field === undefined) {
        // Nothing to break: the route takes no input at all.
        expect(Object.keys(op.parameters).length + Object.keys(bodySchema?.properties ?? {}).length, id).toBe(0);
        return;
      }

      // Act
      const res = await send(route, s, tokenFor(id));

      // Assess
      expect(res.status, `${id} without ${field}: ${res.text}`).toBe(400);
      expect(res.body).toMatchObject({ errcode: 40000 });
      expect(String(res.body.field), `${id}: ${res.text}`).toMatch(new RegExp(`^${field}\\b`));
    },
  );
});
