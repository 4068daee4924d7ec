/** The team area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const teamOrganizations = {
  method: 'GET',
  path: '/apis/team/organizations',
  handler: 'src/team/handlers/organizations.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'none',
  access: { table: 'read', entities: ['ORG', 'SESSION'] },
  summary: "The signed-in user's organizations, with their role in each",
} as const satisfies RouteDefinition;

export const teamMembers = {
  method: 'GET',
  path: '/apis/team/members',
  handler: 'src/team/handlers/members.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ORG', 'SESSION'] },
  summary: "The organization's members and their roles",
} as const satisfies RouteDefinition;

export const teamInvite = {
  method: 'POST',
  path: '/apis/team/invite',
  handler: 'src/team/handlers/invite.ts',
  role: 'owner',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['INVITE', 'ORG', 'SESSION'], mail: true },
  summary: 'Invite someone by e-mail, with a role (a single-use link, valid 7 days, for that address only)',
  // Each call sends a mail: kept from becoming a mailer.
  throttle: { rate: 2, burst: 5 },
} as const satisfies RouteDefinition;

export const teamAccept = {
  method: 'POST',
  path: '/apis/team/accept',
  handler: 'src/team/handlers/accept.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'form',
  access: { table: 'write', entities: ['INVITE', 'ORG', 'SESSION', 'USER'] },
  summary: 'Accept an invitation sent to your own e-mail address: join its organization',
} as const satisfies RouteDefinition;

export const teamUpdateMember = {
  method: 'POST',
  path: '/apis/team/updateMember',
  handler: 'src/team/handlers/updateMember.ts',
  role: 'owner',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION'] },
  summary: "Change a member's role (the last owner cannot be demoted)",
} as const satisfies RouteDefinition;

export const teamRemoveMember = {
  method: 'POST',
  path: '/apis/team/removeMember',
  handler: 'src/team/handlers/removeMember.ts',
  role: 'owner',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION'] },
  summary: 'Remove a member: refused on their very next request, in every session',
} as const satisfies RouteDefinition;

export const teamLeave = {
  method: 'POST',
  path: '/apis/team/leave',
  handler: 'src/team/handlers/leave.ts',
  role: 'viewer',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION'] },
  summary: 'Leave the organization (the last owner cannot)',
} as const satisfies RouteDefinition;

export const teamRoutes = {
  'team.organizations': teamOrganizations,
  'team.members': teamMembers,
  'team.invite': teamInvite,
  'team.accept': teamAccept,
  'team.updateMember': teamUpdateMember,
  'team.removeMember': teamRemoveMember,
  'team.leave': teamLeave,
} as const satisfies Record<string, RouteDefinition>;
