import { endpoint } from '../../core/http/endpoint';
import { ok } from '../../core/http/responses';
import { OrganizationsInput } from '../inputs';
import { organizationsOf } from '../members';
import { teamOrganizations } from '../routes';

export const handler = endpoint(teamOrganizations, OrganizationsInput, async ({ session }) =>
  ok({ organizations: await organizationsOf(session.userId, session.orgId) }),
);
