import type { RouteDefinition } from '../route';

/**
 * Whether a route is a change a member makes in an organization (audited) rather than a read. The
 * default follows the roles: a POST that needs more than a viewer changes something (viewers only
 * read); a route entry says `change` where that rule is wrong (leaving is a viewer's change).
 */
export const isAuditedChange = (route: RouteDefinition): boolean =>
  route.auth && route.organization !== false && (route.change ?? (route.method === 'POST' && route.role !== 'viewer' && route.role !== 'public'));
