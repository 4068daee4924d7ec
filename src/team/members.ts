import { changeMember, listMembers, listMembershipsOfUser, type Membership } from '../core/data/organizations';
import type { OrgAccess } from '../core/http/organization';
import type { Role } from '../core/route';

/** Members of an organization. Who may do what is the route's role, checked by the endpoint wrapper. */

const view = (m: Membership) => ({ userId: m.userId, username: m.username, email: m.email, role: m.role, joinedAt: m.joinedAt });

export const organizationsOf = async (userId: string, defaultOrgId: string | undefined) =>
  (await listMembershipsOfUser(userId))
    .map((m) => ({ orgId: m.orgId, name: m.orgName, role: m.role, default: m.orgId === defaultOrgId }))
    .sort((a, b) => a.name.localeCompare(b.name));

export const membersOf = async (org: OrgAccess) => (await listMembers(org.orgId)).map(view).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));

export const updateMember = async (org: OrgAccess, userId: string, role: Role) => view((await changeMember(org.orgId, userId, role))!);

export const removeMember = async (org: OrgAccess, userId: string): Promise<void> => {
  await changeMember(org.orgId, userId, undefined);
};
