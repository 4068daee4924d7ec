import { beforeAll, describe, expect, it } from 'vitest';
import { contract, type RouteContract } from '../../lib/contract';
import { openApiDocument } from '../../lib/openapi';
import { routeList, type RouteDefinition, type RouteId } from '../../lib/routes';
import { userWithDirectAccount } from '../support/accounts';
import { call, type ApiResponse } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { sampleOf } from '../support/openapi-sample';
import { memberOf, ownOrganization } from '../support/team';
import { loggedInUser, type LoggedInUser } from '../support/users';

/**
 * The cross-tenant suite, for members of organizations: for every account-scoped route of the
 * table (those that may answer 41200), a member of organization B, whatever their role, cannot
 * reach organization A's official account (40300), nor act in A by naming it (40301); a member
 * of A with the same request gets past both checks.
 */
const doc = openApiDocument() as any;
const E_NO_ACCOUNT = 41200;

const accountRoutes = routeList.filter((r) => r.auth && (contract[r.id] as RouteContract).errcodes.includes(E_NO_ACCOUNT as never));

/** Fields a sample needs beyond what the sampler builds from the document (as in test/contract/samples.test.ts). */
const menu = [{ type: 'click', name: 'Today', key: 'TODAY' }];
const extra: Partial<Record<RouteId, Record<string, unknown>>> = {
  'accounts.updateSettings': { domains: ['h5.example.com'] },
  'menus.create': { button: menu },
  'menus.addConditional': { button: menu, matchrule: { tag_id: '100' } },
  // Exactly one message and one audience (checked after the fields).
  'content.massSend': { text: '周末八折', toAll: true },
  // One target, and at least one keyword's value.
  'templates.send': { openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', data: { thing1: { value: '拿铁' } } },
};
const files: Partial<Record<RouteId, { file: () => Buffer; name: string }>> = {
  'materials.upload': { file: () => sampleFile.png(), name: 'upload.png' },
  'materials.uploadVideo': { file: () => sampleFile.mp4(), name: 'upload.mp4' },
  'content.uploadArticleImage': { file: () => sampleFile.png(), name: 'picture.png' },
};

const send = (route: RouteDefinition & { id: RouteId }, token: string, orgId: string, appid: string): Promise<ApiResponse> => {
  const op = doc.paths[route.path][route.method.toLowerCase()];
  const query: Record<string, string> = {};
  for (const p of op.parameters) if (p.in === 'query' && p.required) query[p.name] = String(sampleOf(p.schema, doc, p.name));
  const content = op.requestBody?.content ?? {};
  const schema = (content['application/json'] ?? content['multipart/form-data'])?.schema;
  const body = { ...(schema ? (sampleOf(schema, doc) as Record<string, unknown>) : {}), ...extra[route.id], appid };
  const common = { method: route.method, token, headers: { 'x-org': orgId } } as const;
  if (route.body === 'none') return call(route.path, { ...common, query: { ...query, appid } });
  const c = contract[route.id] as RouteContract;
  const upload = files[route.id];
  if (upload && c.files?.length) {
    const parts = Object.entries(body).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
    parts.push({ name: c.files[0]!.name, value: upload.file(), filename: upload.name } as never);
    const { body: raw, contentType } = multipartBody(parts);
    return call(route.path, { ...common, query, raw, contentType });
  }
  return call(route.path, { ...common, query, json: body });
};

describe('tenant isolation across organizations', () => {
  let ownerA: LoggedInUser;
  let orgA: string;
  let appidA: string;
  let outsiders: LoggedInUser[];
  let orgB: string;

  beforeAll(async () => {
    const a = await userWithDirectAccount();
    ownerA = a.user;
    appidA = a.account.appid;
    orgA = await ownOrganization(ownerA);
    const ownerB = await loggedInUser();
    orgB = await ownOrganization(ownerB);
    // B's owner and an admin of B: the most a member of another organization can be.
    outsiders = [ownerB, await memberOf(ownerB, orgB, 'admin')];
  }, 240_000);

  it('covers the account-scoped routes', () => {
    expect(accountRoutes.length).toBeGreaterThan(30);
  });

  it.each(accountRoutes.map((r) => [r.id, r] as const))("%s: a member of another organization cannot reach the account (40300) nor act in its organization (40301)", async (id, route) => {
    for (const outsider of outsiders) {
      // Act
      const acrossOrganizations = await send(route, outsider.token, orgB, appidA);
      const namingTheirs = await send(route, outsider.token, orgA, appidA);

      // Assess
      expect(acrossOrganizations.body, `${id}: ${acrossOrganizations.text}`).toMatchObject({ errcode: 40300 });
      expect(namingTheirs.body, `${id}: ${namingTheirs.text}`).toMatchObject({ errcode: 40301 });
    }
    // A's own member with the same request is past both checks.
    const inside = await send(route, ownerA.token, orgA, appidA);
    expect([40300, 40301], `${id}: ${inside.text}`).not.toContain(inside.body?.errcode);
  }, 60_000);
});
