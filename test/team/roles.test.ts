import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../lib/openapi';
import { roleAllows, roles, routeList, type Role, type RouteDefinition, type RouteId } from '../../lib/routes';
import { call, type ApiResponse } from '../support/http';
import { sampleOf } from '../support/openapi-sample';
import { memberOf, ownOrganization } from '../support/team';
import { loggedInUser, type LoggedInUser } from '../support/users';

/**
 * Generated over the route table: every route that acts in an organization, asked by a member of
 * each role, is refused with 40301 (naming the route's role in `need`) exactly when its entry
 * declares a role above theirs, and otherwise gets past the role check (anything but 40301: the
 * request, built from the OpenAPI document's own schemas, may still be refused for other reasons,
 * e.g. 41200 without an official account). A new route is covered without touching this file.
 */
const doc = openApiDocument() as any;

/** Leaving really leaves: it goes last, so the members are still members for every other route. */
const orgRoutes = routeList
  .filter((r) => r.auth && r.organization !== false)
  .sort((a, b) => Number(a.id === 'team.leave') - Number(b.id === 'team.leave'));

const send = (route: RouteDefinition & { id: RouteId }, token: string, orgId: string): Promise<ApiResponse> => {
  const op = doc.paths[route.path][route.method.toLowerCase()];
  const query: Record<string, string> = {};
  const pathValues: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') pathValues[p.name] = String(sampleOf(p.schema, doc, p.name));
    else if (p.required) query[p.name] = String(sampleOf(p.schema, doc, p.name));
  }
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(pathValues[name]!));
  const content = op.requestBody?.content ?? {};
  const schema = (content['application/json'] ?? content['multipart/form-data'])?.schema;
  const body = schema ? (sampleOf(schema, doc) as Record<string, unknown>) : {};
  const common = { method: route.method, query, token, headers: { 'x-org': orgId } } as const;
  return route.body === 'none' ? call(path, common) : call(path, { ...common, json: body });
};

describe('roles, for every route of the table', () => {
  let owner: LoggedInUser;
  let orgId: string;
  const members = {} as Record<Role, LoggedInUser>;

  beforeAll(async () => {
    owner = await loggedInUser();
    orgId = await ownOrganization(owner);
    members.owner = owner;
    for (const role of roles.filter((r) => r !== 'owner')) members[role] = await memberOf(owner, orgId, role);
  }, 240_000);

  it('covers the routes that act in an organization, and every role', () => {
    expect(orgRoutes.length).toBeGreaterThan(40);
    expect(roles).toEqual(['owner', 'admin', 'editor', 'operator', 'viewer']);
  });

  it.each(orgRoutes.map((r) => [r.id, r.role, r] as const))('%s (role %s): allowed or 40301 exactly as declared', async (id, needed, route) => {
    for (const role of roles) {
      // Act
      const res = await send(route, members[role].token, orgId);

      // Assess
      if (roleAllows(role, needed as Role)) {
        expect(res.body?.errcode, `${id} as ${role}: ${res.text}`).not.toBe(40301);
        expect(res.status, `${id} as ${role}: ${res.text}`).toBeLessThan(500);
      } else {
        expect(res.status, `${id} as ${role}`).toBe(403);
        expect(res.body, `${id} as ${role}`).toMatchObject({ errcode: 40301, need: needed });
      }
    }
  }, 60_000);
});
