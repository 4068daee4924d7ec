// zod/mini, as the users area: these bundles stay small (the console checks its forms with them too).
import * as z from 'zod/mini';
import { flag } from '../core/http/schemas-mini';
import { en } from 'zod/v4/locales';
import './rule-texts';

z.config(en());

/** Request schemas of the team endpoints (`/apis/team/...`). The organization travels as `X-Org` or `orgId`, read by the endpoint wrapper. */

/** Roles an owner can give (every role: an organization may have several owners). */
export const memberRole = z.enum(['owner', 'admin', 'editor', 'operator', 'viewer']);

const email = z
  .pipe(z.string().check(z.trim(), z.maxLength(254)), z.email('email'))
  .check(z.meta({ examples: ['colleague@example.com'] }));

const userId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9-]+$/, 'not a user id'), z.meta({ examples: ['0d4c6f1e-7f3a-4a8e-9a57-3c2b1d0e9f11'] }));

export const OrganizationsInput = z.object({});
export const MembersInput = z.object({});
export const InviteInput = z.object({ email, role: memberRole });
export const AcceptInput = z.object({ token: z.string().check(z.minLength(16), z.maxLength(128)) });
export const UpdateMemberInput = z.object({ userId, role: memberRole });
export const RemoveMemberInput = z.object({ userId });
export const LeaveInput = z.object({});

/** An invitation's id in the pending list (the SHA-256 of its token: the link itself is never stored). */
export const RevokeInvitationInput = z.object({ invitationId: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'not an invitation id'), z.meta({ examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'] })) });
export const InvitationsInput = z.object({});

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'format.date'), z.meta({ examples: ['2026-12-01'] }));
const auditFilter = {
  appid: z.optional(z.string().check(z.regex(/^wx[0-9A-Za-z]{6,32}$/, 'format.appid'), z.meta({ examples: ['wx1234567890abcdef'] }))),
  userId: z.optional(userId),
  kind: z.optional(z.string().check(z.regex(/^[a-z]{2,20}$/, 'not a kind of change'), z.meta({ examples: ['replies'] }))),
  from: z.optional(day),
  to: z.optional(day),
};
const dateOrder = <T extends { from?: string; to?: string }>(o: z.ZodMiniType<T>) =>
  o.check(
    z.refine((v: T) => !v.from || !v.to || v.from <= v.to, { message: 'audit.dateRange', path: ['from'] }),
  );
export const AuditInput = dateOrder(
  z.object({
    ...auditFilter,
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
    next: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  }),
);
export const AuditExportInput = dateOrder(z.object(auditFilter));

export const SettingsInput = z.object({});
export const UpdateSettingsInput = z.object({ approvalRequired: flag });
