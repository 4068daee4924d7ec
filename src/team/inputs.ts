// zod/mini, as the users area: these bundles stay small (the console checks its forms with them too).
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';

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
