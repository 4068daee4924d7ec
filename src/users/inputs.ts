import * as z from 'zod';
import { email, linkToken, password, username } from '../http/schemas';

/** Request schemas of the user endpoints (`/apis/user/...`). */

export const RegisterInput = z.object({ username, password, email });

export const VerifyInput = z.object({ token: linkToken });

export const ResendVerificationInput = z.object({ email });

// Loose on purpose: a login never tells which rule a username breaks.
export const LoginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) });

/** logout and me take nothing but the session. */
export const LogoutInput = z.object({});
export const MeInput = z.object({});

/** The logo takes no input: it is the signed-in user's. */
export const LogoInput = z.object({});
