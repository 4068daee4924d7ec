import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import {
  ChangeEmailInput,
  ChangePasswordInput,
  ConfirmEmailInput,
  DeleteAccountInput,
  ForgotPasswordInput,
  LoginInput,
  LogoInput,
  LogoutInput,
  MeInput,
  RegisterInput,
  ResendVerificationInput,
  ResetPasswordInput,
  RevertEmailInput,
  RevokeSessionsInput,
  SessionsInput,
  VerifyInput,
} from './inputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { usersRoutes } from './routes';

/** Answers of the user endpoints. */

const userRef = z.object({ id: z.string(), username: z.string() });

export const RegisterOutput = okBody({ user: userRef });
export const VerifyOutput = OkOnly;
export const ResendVerificationOutput = OkOnly;
export const LoginOutput = okBody({
  access_token: z.string().meta({ description: 'the session token: `?access_token=` or `Authorization: Bearer`' }),
  expires_in: z.number().int().meta({ description: 'seconds' }),
  user: userRef,
});
export const LogoutOutput = OkOnly;

export const accountSummary = z.object({
  appid: z.string(),
  nickname: z.string(),
  mode: z.enum(['component', 'direct']),
  needsReauthorization: z.literal(true).optional().meta({ description: 'WeChat refused its refresh token (61023, 61003): the owner must authorize it again' }),
});

export const MeOutput = okBody({
  user: z.object({
    id: z.string(),
    username: z.string(),
    email: z.string(),
    verified: z.boolean(),
    createdAt: z.string(),
    logoUrl: z.string().optional().meta({ description: 'a presigned URL of the logo, when there is one' }),
  }),
  accounts: z.array(accountSummary),
});

export const SessionsOutput = okBody({
  sessions: z
    .array(
      z.object({
        id: z.string().meta({ description: 'the session\'s id (not its token)' }),
        createdAt: z.string().meta({ description: 'when it was opened (ISO 8601)' }),
        expiresAt: z.string().meta({ description: 'when it ends unless signed out first (ISO 8601)' }),
        userAgent: z.string().optional().meta({ description: 'the browser or client that opened it, as it named itself' }),
        ip: z.string().optional().meta({ description: 'the address it was opened from' }),
        current: z.boolean().meta({ description: 'the session making this request' }),
      }),
    )
    .meta({ description: 'newest first' }),
});

export const RevokeSessionsOutput = okBody({
  revoked: z.number().int().meta({ description: 'how many sessions were ended' }),
});

export const ForgotPasswordOutput = OkOnly;
export const ResetPasswordOutput = okBody({ username: z.string().meta({ description: 'whose password it was, to log in with' }) });
export const ChangePasswordOutput = okBody({ revoked: z.number().int().meta({ description: 'how many other sessions were signed out' }) });
export const ChangeEmailOutput = okBody({ pending: z.string().meta({ description: 'the new address, waiting for its confirmation link to be followed' }) });
export const ConfirmEmailOutput = okBody({ email: z.string().meta({ description: 'the address now in use' }) });
export const RevertEmailOutput = okBody({ email: z.string().meta({ description: 'the address in use again; every session was signed out' }) });
export const DeleteAccountOutput = okBody({
  organizationsDeleted: z.number().int().meta({ description: 'organizations deleted with the user (they were its only member)' }),
  accountsDeleted: z.number().int().meta({ description: "those organizations' official accounts, deleted with them" }),
});

/** The logo's bytes from our own origin (the console shows them under a CSP without foreign origins). */
export const LogoImage = z.string().meta({ format: 'binary', description: 'the logo image (image/png or image/jpeg)' });

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const usersContract = {
  'user.register': { input: RegisterInput, output: RegisterOutput, codes: [E.conflict, E.tooManyAttempts] },
  'user.verify': {
    input: VerifyInput,
    output: VerifyOutput,
    codes: [E.notFound, E.conflict],
    redirect: 'browsers (Accept: text/html) go on to the console: `<consoleUrl>?verified=1`, or on a refusal `<consoleUrl>#/verify?result=<reason>` (mails link to the console page `#/verify?token=`, which calls this route)',
  },
  'user.resendVerification': { input: ResendVerificationInput, output: ResendVerificationOutput, codes: [E.tooManyAttempts] },
  'user.login': {
    input: LoginInput,
    output: LoginOutput,
    codes: [E.badCredentials, E.emailNotVerified, E.tooManyAttempts],
  },
  'user.logout': {
    input: LogoutInput,
    output: LogoutOutput,
    redirect: 'browsers (Accept: text/html) go back to the console, cookies cleared',
  },
  'user.me': { input: MeInput, output: MeOutput },
  'user.sessions': { input: SessionsInput, output: SessionsOutput },
  'user.revokeSessions': { input: RevokeSessionsInput, output: RevokeSessionsOutput },
  'user.forgotPassword': { input: ForgotPasswordInput, output: ForgotPasswordOutput, codes: [E.tooManyAttempts] },
  'user.resetPassword': { input: ResetPasswordInput, output: ResetPasswordOutput, codes: [E.notFound] },
  'user.changePassword': { input: ChangePasswordInput, output: ChangePasswordOutput, codes: [E.badCredentials, E.tooManyAttempts] },
  'user.changeEmail': { input: ChangeEmailInput, output: ChangeEmailOutput, codes: [E.badCredentials, E.conflict, E.tooManyAttempts] },
  'user.confirmEmail': { input: ConfirmEmailInput, output: ConfirmEmailOutput, codes: [E.notFound, E.conflict] },
  'user.revertEmail': { input: RevertEmailInput, output: RevertEmailOutput, codes: [E.notFound, E.conflict] },
  'user.deleteAccount': { input: DeleteAccountInput, output: DeleteAccountOutput, codes: [E.badCredentials, E.conflict, E.tooManyAttempts] },
  'user.logo': {
    input: LogoInput,
    output: z.never(),
    json: false,
    codes: [E.notFound],
    answer: { contentType: 'application/octet-stream', schema: LogoImage, description: 'the logo under its own content type (image/png, image/jpeg)' },
  },
} as const satisfies Record<keyof typeof usersRoutes, ContractSpec>;
