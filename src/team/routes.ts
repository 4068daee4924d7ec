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
  // A viewer may leave: still a change, written to the audit log.
  change: true,
} as const satisfies RouteDefinition;

export const teamInvitations = {
  method: 'GET',
  path: '/apis/team/invitations',
  handler: 'src/team/handlers/invitations.ts',
  role: 'owner',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['INVITE', 'ORG', 'SESSION'] },
  summary: "The organization's pending invitations (not accepted, revoked or expired)",
} as const satisfies RouteDefinition;

export const teamRevokeInvitation = {
  method: 'POST',
  path: '/apis/team/revokeInvitation',
  handler: 'src/team/handlers/revokeInvitation.ts',
  role: 'owner',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['INVITE', 'ORG', 'SESSION'] },
  summary: 'Withdraw a pending invitation: its link then says it was withdrawn',
} as const satisfies RouteDefinition;

export const teamAudit = {
  method: 'GET',
  path: '/apis/team/audit',
  handler: 'src/team/handlers/audit.ts',
  role: 'admin',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['AUDIT', 'ORG', 'SESSION'] },
  summary: "The organization's audit log, newest first: who changed what, when, on which account (filters: account, member, kind, dates)",
} as const satisfies RouteDefinition;

export const teamAuditExport = {
  method: 'GET',
  path: '/apis/team/auditExport',
  handler: 'src/team/handlers/auditExport.ts',
  role: 'admin',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['AUDIT', 'ORG', 'SESSION'] },
  summary: 'The filtered audit log as CSV (UTF-8, at most 10,000 entries)',
} as const satisfies RouteDefinition;

export const teamSettings = {
  method: 'GET',
  path: '/apis/team/settings',
  handler: 'src/team/handlers/settings.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ORG', 'SESSION'] },
  summary: "The organization's settings: whether mass sends and publishing need an admin's approval",
} as const satisfies RouteDefinition;

export const teamUpdateSettings = {
  method: 'POST',
  path: '/apis/team/updateSettings',
  handler: 'src/team/handlers/updateSettings.ts',
  role: 'admin',
  auth: true,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION'] },
  summary: "Turn the approval of mass sends and publishing on or off (owners and admins)",
} as const satisfies RouteDefinition;

export const teamRoutes = {
  'team.organizations': teamOrganizations,
  'team.members': teamMembers,
  'team.invite': teamInvite,
  'team.accept': teamAccept,
  'team.updateMember': teamUpdateMember,
  'team.removeMember': teamRemoveMember,
  'team.leave': teamLeave,
  'team.invitations': teamInvitations,
  'team.revokeInvitation': teamRevokeInvitation,
  'team.audit': teamAudit,
  'team.auditExport': teamAuditExport,
  'team.settings': teamSettings,
  'team.updateSettings': teamUpdateSettings,
} as const satisfies Record<string, RouteDefinition>;
