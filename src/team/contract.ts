import * as z from 'zod';
import type { ContractSpec } from '../core/contract';
import { ErrorCode as E } from '../core/errors';
import { okBody, OkOnly } from '../core/http/outputs';
import { AcceptInput, AuditExportInput, AuditInput, InvitationsInput, InviteInput, LeaveInput, MembersInput, OrganizationsInput, RemoveMemberInput, RevokeInvitationInput, SettingsInput, UpdateMemberInput, UpdateSettingsInput } from './inputs';
import type { teamRoutes } from './routes';

const role = z.enum(['owner', 'admin', 'editor', 'operator', 'viewer']);

const organization = z.object({
  orgId: z.string(),
  name: z.string(),
  role: role.meta({ description: 'your role there' }),
  default: z.boolean().meta({ description: 'where requests of this session act when they name no organization' }),
});

const member = z.object({
  userId: z.string(),
  username: z.string(),
  email: z.string(),
  role,
  joinedAt: z.string(),
});

export const OrganizationsOutput = okBody({ organizations: z.array(organization) });
export const MembersOutput = okBody({ members: z.array(member) });
export const InviteOutput = okBody({
  invitation: z.object({ email: z.string(), role, expiresAt: z.string().meta({ description: 'ISO 8601; 7 days from now' }) }),
});
export const AcceptOutput = okBody({ organization: organization.omit({ default: true }) });
export const UpdateMemberOutput = okBody({ member });
export const RemoveMemberOutput = OkOnly;
export const LeaveOutput = OkOnly;

export const InvitationsOutput = okBody({
  invitations: z.array(
    z.object({
      invitationId: z.string().meta({ description: 'what revokeInvitation takes (the SHA-256 of the link\'s token: the link itself is never stored)' }),
      email: z.string(),
      role,
      invitedBy: z.string(),
      createdAt: z.string(),
      expiresAt: z.string(),
    }),
  ),
});
export const RevokeInvitationOutput = OkOnly;

const auditChange = z.object({
  item: z.string().meta({ description: 'the table item changed, `<pk> / <sk>`' }),
  op: z.enum(['put', 'update', 'delete', 'check']),
  before: z.optional(z.record(z.string(), z.unknown())),
  after: z.optional(z.record(z.string(), z.unknown())),
});
export const auditEntry = z.object({
  at: z.string(),
  userId: z.string(),
  username: z.string(),
  route: z.string().meta({ description: 'method and path, e.g. `POST /apis/wxreplymanage/addReply`' }),
  kind: z.string().meta({ description: "the route's area: replies, menus, content, team, accounts, …" }),
  appid: z.optional(z.string()),
  input: z.record(z.string(), z.unknown()).meta({ description: 'the request, secrets replaced by `[redacted]`, long text cut' }),
  changes: z.array(auditChange),
  outcome: z.enum(['done', 'pending', 'failed']).meta({ description: 'a change made at WeChat is written before the call (pending) and given its outcome after it' }),
  errcode: z.optional(z.number()),
  atomic: z.boolean().meta({ description: 'written in the same transaction as the change' }),
  requestId: z.string(),
});
export const AuditOutput = okBody({ entries: z.array(auditEntry), next: z.optional(z.string()) });
export const AuditCsvAnswer = z.string().meta({ description: 'CSV (RFC 4180, UTF-8 with BOM): at, username, userId, kind, route, appid, outcome, errcode, atomic, input, changes, requestId' });

export const SettingsOutput = okBody({
  settings: z.object({ approvalRequired: z.boolean().meta({ description: "mass sends and publishing wait for an admin's approval (等待审批)" }) }),
});

/** The contract of this area's routes (lib/contract.ts adds the errcodes of each kind, 40301 among them). */
export const teamContract = {
  'team.organizations': { input: OrganizationsInput, output: OrganizationsOutput },
  'team.members': { input: MembersInput, output: MembersOutput },
  'team.invite': { input: InviteInput, output: InviteOutput, codes: [E.conflict] },
  'team.accept': { input: AcceptInput, output: AcceptOutput, codes: [E.forbidden, E.notFound, E.conflict] },
  'team.updateMember': { input: UpdateMemberInput, output: UpdateMemberOutput, codes: [E.notFound, E.conflict] },
  'team.removeMember': { input: RemoveMemberInput, output: RemoveMemberOutput, codes: [E.notFound, E.conflict] },
  'team.leave': { input: LeaveInput, output: LeaveOutput, codes: [E.conflict] },
  'team.invitations': { input: InvitationsInput, output: InvitationsOutput },
  'team.revokeInvitation': { input: RevokeInvitationInput, output: RevokeInvitationOutput, codes: [E.notFound] },
  'team.settings': { input: SettingsInput, output: SettingsOutput },
  'team.updateSettings': { input: UpdateSettingsInput, output: SettingsOutput },
  'team.audit': { input: AuditInput, output: AuditOutput },
  'team.auditExport': { input: AuditExportInput, output: z.never(), json: false, answer: { contentType: 'text/csv', schema: AuditCsvAnswer, description: 'the filtered audit log as CSV, newest first; header `X-Truncated: true` past 10,000 entries' } },
} as const satisfies Record<keyof typeof teamRoutes, ContractSpec>;
