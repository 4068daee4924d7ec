import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { getMembership, listMembershipsOfUser, type Membership } from '../data/organizations';
import type { Session } from '../data/sessions';
import { RoleForbiddenError, ValidationError } from '../errors';
import { roleAllows, type Role, type RouteDefinition } from '../route';

/** The organization a request acts in, and the member's role there (read on this very request). */
export interface OrgAccess {
  orgId: string;
  role: Role;
}

/** Where a request names its organization: a header (the console), or `orgId` in the query or body. */
export const orgHeader = 'x-org';
export const orgField = 'orgId';

const orgIdPattern = /^[A-Za-z0-9-]{1,64}$/;

/** The organization the request names, if any: the header first, then the field. */
export const namedOrganization = (event: APIGatewayProxyEventV2, fields: Record<string, unknown>): string | undefined => {
  const named = event.headers[orgHeader] ?? event.queryStringParameters?.[orgField] ?? fields[orgField];
  if (named === undefined || named === '') return undefined;
  if (typeof named !== 'string' || !orgIdPattern.test(named)) throw new ValidationError(`${orgField}: is not an organization id`, { problem: { field: orgField, rule: 'org.invalid' } });
  return named;
};

const refuse = (route: RouteDefinition, message: string) => new RoleForbiddenError(message, route.role === 'public' ? 'viewer' : route.role);

/**
 * The member's access to the organization the request acts in, checked against the route's role.
 * Which organization: the one named (X-Org header, or `orgId`); else the session's (the user's own,
 * set at login); else the user's only one. One consistent GetItem of the membership per request,
 * so a removed member is refused on their next request, whatever session they hold. Only when the
 * session has no organization or has lost it is the user's list read (one Query), to find the only one.
 */
export const checkMembership = async (route: RouteDefinition, session: Session, named: string | undefined): Promise<OrgAccess> => {
  let membership: Membership | undefined;
  if (named) {
    membership = await getMembership(named, session.userId);
    if (!membership) throw refuse(route, `${orgField}: you are not a member of organization ${named}`);
  } else {
    membership = session.orgId ? await getMembership(session.orgId, session.userId) : undefined;
    if (!membership) {
      const all = await listMembershipsOfUser(session.userId);
      if (all.length === 0) throw refuse(route, 'you are a member of no organization: accept an invitation first');
      if (all.length > 1) throw new ValidationError(`${orgField}: is required (header X-Org) when you belong to several organizations`, { problem: { field: orgField, rule: 'org.choose' } });
      membership = await getMembership(all[0]!.orgId, session.userId);
      if (!membership) throw refuse(route, 'you are a member of no organization: accept an invitation first');
    }
  }
  if (route.role !== 'public' && !roleAllows(membership.role, route.role)) {
    throw refuse(route, `your role in this organization (${membership.role}) does not allow this: it needs ${route.role}`);
  }
  return { orgId: membership.orgId, role: membership.role };
};
