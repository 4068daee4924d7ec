import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import type { RouteDefinition } from '../route';
import { defaultBodyLimits, parseBody, type BodyLimits, type MultipartReader, type UploadedFile } from './body';
import { withDeadline } from './deadline';
import { toErrorResponse } from './error-mapper';
import { logger } from './logger';
import { redirect, wantsHtml, type ApiResult } from './responses';
import { checkMembership, namedOrganization, orgField, type OrgAccess } from './organization';
import { requireSession, type Session } from './session';
import { validate } from './validate';
import { isAuditedChange } from '../audit/changes';
import { kindOfHandler, auditSortKey } from '../audit/entry';
import { redact } from '../audit/redact';
import { runInAuditScope, type AuditScope } from '../audit/scope';
import { putAlone, putIntent, recordOutcome } from '../data/audit-entries';
import { assertNotSuspended } from './suspension-check';
import { DataError } from '../data/errors';
import { AppError, ErrorCode } from '../errors';
import { isPreflight, preflight, withWebHeaders } from './web-headers';
import { pickLanguage, type Language } from '../messages/language';

/** A session acting in an organization: `org` is the member's access there, checked against the route's role. */
export type OrgSession = Session & { org: OrgAccess };

type SessionOf<R extends RouteDefinition> = R['auth'] extends true ? (R['organization'] extends false ? Session : OrgSession) : undefined;

export interface EndpointContext<Input, R extends RouteDefinition> {
  /** Query parameters, body fields and path parameters merged (in that order of precedence, last wins), validated by the endpoint's schema. */
  input: Input;
  files: UploadedFile[];
  session: SessionOf<R>;
  event: APIGatewayProxyEventV2;
  context: Context;
  requestId: string;
  /** The language the request asks for (Accept-Language): what an answer's words for a person are in, as `msg` is. */
  language: Language;
}

export interface EndpointOptions {
  /** Overrides of the default body limits (upload routes raise the file size). */
  bodyLimits?: Partial<BodyLimits>;
  /**
   * How an upload route (`body: 'multipart'`) reads files: `readMultipart` from ./multipart.ts.
   * Passed by the handler, not imported here, so only the functions that take files bundle busboy.
   */
  multipart?: MultipartReader;
  /** Let the session cookie stand in for the token (logout only: cookie auth invites CSRF). */
  sessionFromCookie?: boolean;
  /**
   * A URL a browser is sent to (a mailed link, WeChat's way back): a refusal goes on to a console
   * page that says what happened (`location` builds it from the answer's errcode and msg) instead of
   * showing JSON. `browsersOnly`: only requests that prefer HTML; API clients still get the JSON.
   */
  failurePage?: { browsersOnly: boolean; location: (errcode: number, msg: string) => string };
}

const failureRedirect = (answer: ApiResult, location: (errcode: number, msg: string) => string): ApiResult => {
  const body = JSON.parse(typeof answer.body === 'string' ? answer.body : '{}') as { errcode?: number; msg?: string };
  return redirect(location(body.errcode ?? 50000, body.msg ?? ''));
};

/** Parameters that are transport, not input: the session token, and the organization the request acts in. */
const transportParams = new Set(['access_token', orgField]);

const queryInput = (event: APIGatewayProxyEventV2): Record<string, unknown> =>
  Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter(([k]) => !transportParams.has(k)));

/**
 * Builds a route's Lambda handler: the route entry says whether a session is needed and how the
 * body is read; the schema checks the input; the function does the domain call. Errors of every
 * stage meet the one mapper. The handler carries its route and schema (`handler.route`,
 * `handler.input`) so a test can prove the published contract is the schema that validates.
 */
export const endpoint = <R extends RouteDefinition, S extends z.core.$ZodType>(
  route: R,
  schema: S,
  fn: (ctx: EndpointContext<z.output<S>, R>) => Promise<ApiResult>,
  options: EndpointOptions = {},
) => {
  if (route.body === 'multipart' && !options.multipart) throw new Error(`${route.path} takes files: pass its multipart reader to endpoint()`);
  return Object.assign(lambdaHandler(route, schema, fn, options), { route, input: schema });
};

const lambdaHandler = <R extends RouteDefinition, S extends z.core.$ZodType>(
  route: R,
  schema: S,
  fn: (ctx: EndpointContext<z.output<S>, R>) => Promise<ApiResult>,
  options: EndpointOptions,
) =>
  middy<APIGatewayProxyEventV2, ApiResult, Error, Context>()
    .use({
      before: (request) => {
        logger.addContext(request.context);
        logger.appendKeys({ route: `${route.method} ${route.path}` });
        // API Gateway's request id ties our log lines (and metrics) to its access log line.
        logger.setCorrelationId(request.event?.requestContext?.requestId);
      },
      after: (request) => {
        request.response = withWebHeaders(route, request.event, request.response);
      },
      onError: (request) => {
        const requestId = request.context?.awsRequestId ?? request.event?.requestContext?.requestId ?? 'unknown';
        const answer = toErrorResponse(request.error, request.event, requestId);
        const page = options.failurePage;
        const toPage = page && (!page.browsersOnly || wantsHtml(request.event?.headers ?? {}));
        request.response = withWebHeaders(route, request.event ?? { headers: {} }, toPage ? failureRedirect(answer, page.location) : answer);
      },
    })
    .handler((event, context) =>
      withDeadline(
        () => context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY,
        async () => {
          event.headers ??= {};
          // The route's Lambda answers its own CORS preflight (API Gateway has no API-wide CORS).
          if (isPreflight(event)) return preflight(route, event);
          const session = route.auth ? await requireSession(event, options.sessionFromCookie) : undefined;
          const { fields, files } = await parseBody(event, route.body, { ...defaultBodyLimits, ...options.bodyLimits }, options.multipart);
          // The role check, once for every route: against the membership as it is now.
          const org = session && route.organization !== false ? await checkMembership(route, session, namedOrganization(event, fields)) : undefined;
          // The platform's stop switch: one GetItem, only on the routes that send.
          if (org && route.sends) await assertNotSuspended(org.orgId);
          const { [orgField]: _org, ...inputFields } = fields;
          // Path parameters last: a body cannot redirect a request to another account's path.
          const input = validate(schema, { ...queryInput(event), ...inputFields, ...event.pathParameters });
          const call = () =>
            fn({
              input,
              files,
              session: (org ? { ...session, org } : session) as EndpointContext<z.output<S>, R>['session'],
              event,
              context,
              requestId: context.awsRequestId,
              language: pickLanguage(event.headers['accept-language']),
            });
          // AUDITED_CHANGES is "off" in the bundles of routes that audit nothing (lib/bundling.ts).
          if (process.env['AUDITED_CHANGES'] === 'off' || !session || !org || !isAuditedChange(route)) return call();
          return audited(auditScopeOf(route, session, org, input, files, context.awsRequestId ?? event.requestContext?.requestId), call);
        },
      ),
    );

const auditScopeOf = (route: RouteDefinition, session: Session, org: OrgAccess, input: unknown, files: UploadedFile[], requestId: string | undefined): AuditScope => {
  const at = new Date().toISOString();
  const id = requestId ?? crypto.randomUUID();
  const fields = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  return {
    orgId: org.orgId,
    userId: session.userId,
    username: session.username,
    route: `${route.method} ${route.path}`,
    kind: kindOfHandler(route.handler),
    ...(typeof fields['appid'] === 'string' ? { appid: fields['appid'] } : {}),
    input: {
      ...(redact(fields) as Record<string, unknown>),
      ...(files.length ? { files: files.map((f) => ({ field: f.field, name: f.filename, bytes: f.data.byteLength })) } : {}),
    },
    requestId: id,
    at,
    entrySk: auditSortKey(at, id),
    mode: route.access.wechat ? 'wechat' : 'carried',
    written: false,
    uncarried: [],
    open: true,
  };
};

const dataErrcodes = { not_found: ErrorCode.notFound, conflict: ErrorCode.conflict, owned_elsewhere: ErrorCode.forbidden, invalid_reference: ErrorCode.invalidRequest, busy: ErrorCode.unavailable } as const;
/** The errcode the answer will carry (the error mapper's own mapping of the data layer's kinds). */
const errcodeOf = (error: unknown): number =>
  error instanceof AppError ? error.errcode : error instanceof DataError ? dataErrcodes[error.kind] : ErrorCode.internal;

/**
 * A change through the API, written to the audit log: carried by its first write (same
 * transaction), or, for a change made at WeChat, the intent before the call and the outcome after.
 */
const audited = async (scope: AuditScope, call: () => Promise<ApiResult>): Promise<ApiResult> => {
  if (scope.mode === 'wechat') await putIntent(scope);
  let result: ApiResult;
  try {
    result = await runInAuditScope(scope, call);
  } catch (error) {
    scope.open = false;
    // The outcome is best effort: the member's answer is the call's, never the log's.
    if (scope.mode === 'wechat') await recordOutcome(scope, 'failed', errcodeOf(error)).catch((e: unknown) => logger.error('audit outcome not written', { error: e as Error }));
    throw error;
  }
  scope.open = false;
  const failed = (result.statusCode ?? 200) >= 400;
  if (scope.mode === 'wechat') await recordOutcome(scope, failed ? 'failed' : 'done');
  // A change that wrote nothing a transaction could carry (a presigned upload, old values asked back) is written alone.
  else if (!scope.written && !failed) await putAlone(scope);
  return result;
};
