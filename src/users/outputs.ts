import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';

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

/** The logo's bytes from our own origin (the console shows them under a CSP without foreign origins). */
export const LogoImage = z.string().meta({ format: 'binary', description: 'the logo image (image/png or image/jpeg)' });
