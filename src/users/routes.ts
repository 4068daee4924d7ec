/** The users area's routes (pure data: each handler imports its own entry; lib/routes.ts assembles the table). */
import type { RouteDefinition } from '../core/route';

export const userRegister = {
  method: 'POST',
  path: '/apis/user/register',
  handler: 'src/users/handlers/register.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['INVITE', 'ORG', 'USER', 'VERIFY', 'RATELIMIT'], mail: true },
  summary: 'Create an unverified user and mail a verification link',
  throttle: { rate: 5, burst: 10 },
} as const satisfies RouteDefinition;

export const userVerify = {
  method: 'GET',
  path: '/apis/user/verify',
  handler: 'src/users/handlers/verify.ts',
  role: 'public',
  auth: false,
  body: 'none',
  access: { table: 'write', entities: ['ORG', 'USER', 'VERIFY'] },
  summary: 'Mark the e-mail verified (single-use link, 24 h); the address goes to whoever proves it first',
} as const satisfies RouteDefinition;

export const userResendVerification = {
  method: 'POST',
  path: '/apis/user/resendVerification',
  handler: 'src/users/handlers/resendVerification.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['USER', 'VERIFY', 'RATELIMIT'], mail: true },
  summary: 'Mail a new verification link (same answer whether or not the address exists)',
  throttle: { rate: 2, burst: 5 },
} as const satisfies RouteDefinition;

export const userLogin = {
  method: 'POST',
  path: '/apis/user/login',
  handler: 'src/users/handlers/login.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['USER', 'SESSION', 'LOGINFAIL'] },
  summary: 'Exchange username and password for a session token and cookies',
  throttle: { rate: 10, burst: 20 },
} as const satisfies RouteDefinition;

export const userLogout = {
  method: 'POST',
  path: '/apis/user/logout',
  handler: 'src/users/handlers/logout.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION'] },
  summary: 'Destroy the session and clear the cookies',
} as const satisfies RouteDefinition;

export const userMe = {
  method: 'GET',
  path: '/apis/user/me',
  handler: 'src/users/handlers/me.ts',
  role: 'viewer',
  auth: true,
  body: 'none',
  access: { table: 'read', entities: ['ACCOUNT', 'ORG', 'SESSION', 'USER'], bucket: 'read', bucketPrefix: 'logos/' },
  summary: 'The user and the official accounts linked to them',
} as const satisfies RouteDefinition;

export const userLogo = {
  method: 'GET',
  path: '/apis/user/logo',
  handler: 'src/users/handlers/logo.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'none',
  access: { table: 'read', entities: ['ORG', 'SESSION', 'USER'], bucket: 'read', bucketPrefix: 'logos/' },
  summary: "The user's logo image from our own origin (the console shows it under a CSP without foreign origins)",
} as const satisfies RouteDefinition;

export const userSessions = {
  method: 'GET',
  path: '/apis/user/sessions',
  handler: 'src/users/handlers/sessions.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'none',
  access: { table: 'read', entities: ['ORG', 'SESSION'] },
  summary: "The signed-in user's sessions: when and from where each was opened, and which one is asking",
} as const satisfies RouteDefinition;

export const userRevokeSessions = {
  method: 'POST',
  path: '/apis/user/revokeSessions',
  handler: 'src/users/handlers/revokeSessions.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION'] },
  summary: "Sign out everywhere: end the user's other sessions (or all of them, `all`)",
} as const satisfies RouteDefinition;

export const userForgotPassword = {
  method: 'POST',
  path: '/apis/user/forgotPassword',
  handler: 'src/users/handlers/forgotPassword.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['USER', 'USERLINK', 'RATELIMIT'], mail: true },
  summary: 'Mail a one-time password reset link, valid 30 minutes (same answer whether or not the address exists)',
  throttle: { rate: 2, burst: 5 },
} as const satisfies RouteDefinition;

export const userResetPassword = {
  method: 'POST',
  path: '/apis/user/resetPassword',
  handler: 'src/users/handlers/resetPassword.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['USER', 'USERLINK', 'SESSION', 'LOGINFAIL'] },
  summary: 'Set a new password with the mailed link (single use); every session is signed out',
  throttle: { rate: 5, burst: 10 },
} as const satisfies RouteDefinition;

export const userChangePassword = {
  method: 'POST',
  path: '/apis/user/changePassword',
  handler: 'src/users/handlers/changePassword.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION', 'USER', 'LOGINFAIL'], mail: true },
  summary: 'Change the password (the current one asked again); the other sessions are signed out, this one stays',
} as const satisfies RouteDefinition;

export const userChangeEmail = {
  method: 'POST',
  path: '/apis/user/changeEmail',
  handler: 'src/users/handlers/changeEmail.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'SESSION', 'USER', 'USERLINK', 'LOGINFAIL', 'RATELIMIT'], mail: true },
  summary: 'Change the e-mail address (password asked again): the new address gets a confirmation link, the old one a link that undoes it',
} as const satisfies RouteDefinition;

export const userConfirmEmail = {
  method: 'POST',
  path: '/apis/user/confirmEmail',
  handler: 'src/users/handlers/confirmEmail.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'USER', 'USERLINK'] },
  summary: 'Confirm a new e-mail address with the link mailed to it (single use, 24 h)',
  throttle: { rate: 5, burst: 10 },
} as const satisfies RouteDefinition;

export const userRevertEmail = {
  method: 'POST',
  path: '/apis/user/revertEmail',
  handler: 'src/users/handlers/revertEmail.ts',
  role: 'public',
  auth: false,
  body: 'form',
  access: { table: 'write', entities: ['ORG', 'USER', 'USERLINK', 'SESSION'] },
  summary: 'Undo an e-mail change with the link mailed to the old address (single use, 7 days); every session is signed out',
  throttle: { rate: 5, burst: 10 },
} as const satisfies RouteDefinition;

export const userDeleteAccount = {
  method: 'POST',
  path: '/apis/user/deleteAccount',
  handler: 'src/users/handlers/deleteAccount.ts',
  role: 'viewer',
  auth: true,
  organization: false,
  body: 'form',
  access: {
    table: 'write',
    entities: ['ACCOUNT', 'AUDIT', 'LOGINFAIL', 'MATERIAL', 'MESSAGE', 'ORG', 'RULE', 'SESSION', 'TOKEN', 'USER', 'USERLINK', 'VERIFY'],
    bucket: 'readwrite',
    bucketPrefix: 'logos/',
  },
  summary: "Delete the signed-in user and their data (password asked again; refused while they are an organization's only owner and it has other members)",
} as const satisfies RouteDefinition;

export const usersRoutes = {
  'user.register': userRegister,
  'user.verify': userVerify,
  'user.resendVerification': userResendVerification,
  'user.login': userLogin,
  'user.logout': userLogout,
  'user.me': userMe,
  'user.logo': userLogo,
  'user.sessions': userSessions,
  'user.revokeSessions': userRevokeSessions,
  'user.forgotPassword': userForgotPassword,
  'user.resetPassword': userResetPassword,
  'user.changePassword': userChangePassword,
  'user.changeEmail': userChangeEmail,
  'user.confirmEmail': userConfirmEmail,
  'user.revertEmail': userRevertEmail,
  'user.deleteAccount': userDeleteAccount,
} as const satisfies Record<string, RouteDefinition>;
