/**
 * The error family every endpoint answers with (SPEC §3). The domain throws these (or its own
 * subclasses); one mapper at the edge (`http/error-mapper.ts`) turns them into responses.
 */
export const ErrorCode = {
  ok: 0,
  invalidRequest: 40000,
  unauthorized: 40100,
  badCredentials: 40101,
  emailNotVerified: 40102,
  forbidden: 40300,
  roleForbidden: 40301,
  accountCannot: 40302,
  notFound: 40400,
  conflict: 40900,
  replyWindowClosed: 40901,
  staleVersion: 40902,
  noAccount: 41200,
  payloadTooLarge: 41300,
  unsupportedMediaType: 41500,
  tooManyAttempts: 42900,
  quotaUsedUp: 42910,
  internal: 50000,
  wechat: 50200,
  unavailable: 50300,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * What a person needs to read an error: the field it names, the rule (a key of
 * ./messages/texts.ts), the limit and what was given. The answer carries them beside `msg`, which
 * the error mapper writes from the same table in the language the request asks for.
 */
export interface Problem {
  field?: string | undefined;
  rule?: string | undefined;
  limit?: number | string | undefined;
  given?: number | string | undefined;
}

/** `field: what is wrong` messages of code that names no field otherwise: the field is the prefix. */
const fieldOfMessage = (message: string): string | undefined => /^([A-Za-z_][\w.[\]-]*): /.exec(message)?.[1];

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly errcode: ErrorCodeValue,
    readonly status: number,
    message: string,
    options?: { cause?: unknown; extra?: Record<string, unknown>; headers?: Record<string, string>; problem?: Problem },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.extra = options?.extra ?? {};
    this.headers = options?.headers ?? {};
    const problem = options?.problem ?? {};
    this.problem = { ...problem, field: problem.field ?? fieldOfMessage(message) };
  }
  /** The field, rule, limit and given value the answer names (./messages/texts.ts words them). */
  readonly problem: Problem;
  /** Fields added to the error body beside errcode and msg. */
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(message: string, options?: { cause?: unknown; problem?: Problem }) {
    super(ErrorCode.invalidRequest, 400, message, options);
  }
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
  constructor(message = 'access_token is missing, invalid or expired') {
    super(ErrorCode.unauthorized, 401, message);
  }
}

export class BadCredentialsError extends AppError {
  override name = 'BadCredentialsError';
  constructor() {
    super(ErrorCode.badCredentials, 401, 'wrong username or password');
  }
}

export class EmailNotVerifiedError extends AppError {
  override name = 'EmailNotVerifiedError';
  constructor() {
    super(ErrorCode.emailNotVerified, 403, 'e-mail not verified yet: open the link in the verification mail');
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  constructor(message: string, problem?: Problem) {
    super(ErrorCode.forbidden, 403, message, problem ? { problem } : undefined);
  }
}

/**
 * The official account cannot do this (SPEC §3 40302): its type, its verification or a permission
 * set its owner did not grant the platform. `need` names what is missing (src/core/capabilities.ts).
 */
export class AccountCannotError extends AppError {
  override name = 'AccountCannotError';
  constructor(message: string, need: string, options?: { cause?: unknown; extra?: Record<string, unknown>; problem?: Problem }) {
    super(ErrorCode.accountCannot, 403, message, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      extra: { ...options?.extra, need },
      ...(options?.problem ? { problem: options.problem } : {}),
    });
  }
}

/** The member's role in the organization does not allow the route (SPEC §3: 40301, `need` names the role). */
export class RoleForbiddenError extends AppError {
  override name = 'RoleForbiddenError';
  constructor(message: string, need: string) {
    super(ErrorCode.roleForbidden, 403, message, { extra: { need } });
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(message: string, problem?: Problem) {
    super(ErrorCode.notFound, 404, message, problem ? { problem } : undefined);
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  /** `extra`: what the conflict is with, for the caller to show (e.g. the rules that use a material). */
  constructor(message: string, problem?: Problem, extra?: Record<string, unknown>) {
    super(ErrorCode.conflict, 409, message, problem || extra ? { ...(problem ? { problem } : {}), ...(extra ? { extra } : {}) } : undefined);
  }
}

/**
 * A save based on an older `version` than the stored one (SPEC §3 40902): someone saved in between,
 * so the caller reloads instead of silently overwriting their work. `version` is the stored one.
 */
export class StaleVersionError extends AppError {
  override name = 'StaleVersionError';
  constructor(message: string, problem: Problem, version: number) {
    super(ErrorCode.staleVersion, 409, message, { problem, extra: { version } });
  }
}

/** A customer-service message outside WeChat's 48 hours after the follower's last message (WeChat's 45015). */
export class ReplyWindowClosedError extends AppError {
  override name = 'ReplyWindowClosedError';
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.replyWindowClosed, 409, message, { extra });
  }
}

export class NoAccountError extends AppError {
  override name = 'NoAccountError';
  constructor(message = 'no official account authorized yet: do third-party authorization first') {
    super(ErrorCode.noAccount, 409, message);
  }
}

export class PayloadTooLargeError extends AppError {
  override name = 'PayloadTooLargeError';
  constructor(message: string, problem?: Problem) {
    super(ErrorCode.payloadTooLarge, 413, message, problem ? { problem } : undefined);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  override name = 'UnsupportedMediaTypeError';
  constructor(message: string, problem?: Problem) {
    super(ErrorCode.unsupportedMediaType, 415, message, problem ? { problem } : undefined);
  }
}

export class TooManyAttemptsError extends AppError {
  override name = 'TooManyAttemptsError';
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.tooManyAttempts, 429, message, {
      extra: { retry_after: retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * A quota is used up (SPEC §3): `rule` names which, `resetsAt` (ISO 8601) when it renews, or null
 * when no time renews it (WeChat's customer-service quota opens again only when the follower acts).
 */
export class QuotaUsedUpError extends AppError {
  override name = 'QuotaUsedUpError';
  constructor(message: string, extra: { rule: string; resetsAt: string | null } & Record<string, unknown>) {
    super(ErrorCode.quotaUsedUp, 429, message, { extra });
  }
}

/**
 * The service is busy (throttled storage, no time left to finish): nothing was committed, or what was
 * is safe to repeat. The client retries after `Retry-After` seconds.
 */
export class ServiceUnavailableError extends AppError {
  override name = 'ServiceUnavailableError';
  constructor(message: string, retryAfterSeconds = 1, options?: { cause?: unknown }) {
    super(ErrorCode.unavailable, 503, message, {
      ...options,
      extra: { retry_after: retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
