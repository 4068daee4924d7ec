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
} as const satisfies Record<string, RouteDefinition>;
