// zod/mini, not classic zod: classic zod is 83 KB of a user.* bundle and the largest part of its
// load besides the SDK (README, "Cold start"). Same checks, messages and JSON Schema; the console
// checks its forms with these same schemas.
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import { flag } from '../core/http/schemas-mini';
import { isOrdinaryForm, ordinaryFormMessage, usernameCharacters, usernameCharactersMessage } from './username-rules';

// The messages classic zod gives (it loads English on import; zod/mini loads no locale).
z.config(en());

/** Request schemas of the user endpoints (`/apis/user/...`). */

// Which scripts, and why: ./username-key.ts (the lookalike guard works within them too).
const username = z.string().check(
  z.trim(),
  z.minLength(3),
  z.maxLength(32),
  z.regex(usernameCharacters, usernameCharactersMessage),
  z.refine(isOrdinaryForm, ordinaryFormMessage),
  z.meta({ examples: ['wang_xiaoming', '王小明'] }),
);

const password = z.string().check(z.minLength(8), z.maxLength(128));

const email = z
  .pipe(z.string().check(z.trim(), z.maxLength(254)), z.email('email'))
  .check(z.meta({ examples: ['owner@example.com'] }));

/** A bearer-style secret from a link (verification token). */
const linkToken = z.string().check(z.minLength(16), z.maxLength(128));

export const RegisterInput = z.object({
  username,
  password,
  email,
  /** The token of an invitation mailed to `email`: the new user joins that organization, verified by the link. */
  invitation: z.optional(linkToken),
});

export const VerifyInput = z.object({ token: linkToken });

export const ResendVerificationInput = z.object({ email });

// Loose on purpose: a login never tells which rule a username breaks.
export const LoginInput = z.object({
  username: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(128)),
});

/** logout and me take nothing but the session. */
export const LogoutInput = z.object({});
export const MeInput = z.object({});
/** The sessions list is the signed-in user's own. */
export const SessionsInput = z.object({});
/** Sign out everywhere: every other session, or with `all` this one too. */
export const RevokeSessionsInput = z.object({ all: z._default(flag, false) });

/** The logo takes no input: it is the signed-in user's. */
export const LogoInput = z.object({});

/** Forgot password: the same answer whether or not the address belongs to a user. */
export const ForgotPasswordInput = z.object({ email });

/** The mailed reset link's token and the new password. */
export const ResetPasswordInput = z.object({ token: linkToken, password });

/** The signed-in user's new password, the current one asked again. */
export const ChangePasswordInput = z.object({ oldPassword: z.string().check(z.minLength(1), z.maxLength(128)), newPassword: password });

/** A new e-mail address (proven by a link mailed to it), the password asked again. */
export const ChangeEmailInput = z.object({ password: z.string().check(z.minLength(1), z.maxLength(128)), email });

/** The link mailed to a new address (confirm), or to the old one (revert). */
export const ConfirmEmailInput = z.object({ token: linkToken });
export const RevertEmailInput = z.object({ token: linkToken });

/** Deleting the signed-in user and their data, the password asked again. */
export const DeleteAccountInput = z.object({ password: z.string().check(z.minLength(1), z.maxLength(128)) });
