import * as z from 'zod';
import type { ContractSpec } from '../core/contract';
import { ErrorCode as E } from '../core/errors';
import { okBody, OkOnly } from '../core/http/outputs';
import { AcceptInput, InviteInput, LeaveInput, MembersInput, OrganizationsInput, RemoveMemberInput, UpdateMemberInput } from './inputs';
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

/** The contract of this area's routes (lib/contract.ts adds the errcodes of each kind, 40301 among them). */
export const teamContract = {
  'team.organizations': { input: OrganizationsInput, output: OrganizationsOutput },
  'team.members': { input: MembersInput, output: MembersOutput },
  'team.invite': { input: InviteInput, output: InviteOutput, codes: [E.conflict] },
  'team.accept': { input: AcceptInput, output: AcceptOutput, codes: [E.forbidden, E.notFound, E.conflict] },
  'team.updateMember': { input: UpdateMemberInput, output: UpdateMemberOutput, codes: [E.notFound, E.conflict] },
  'team.removeMember': { input: RemoveMemberInput, output: RemoveMemberOutput, codes: [E.notFound, E.conflict] },
  'team.leave': { input: LeaveInput, output: LeaveOutput, codes: [E.conflict] },
} as const satisfies Record<keyof typeof teamRoutes, ContractSpec>;
