import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DataError, type DataErrorKind } from '../data/errors';
import { AppError, ConflictError, ErrorCode, ForbiddenError, NotFoundError, ServiceUnavailableError, ValidationError } from '../errors';
import { countBusyAnswered, countInternalError, countWechatFailure, type FailureContext } from '../observability/failure-metrics';
import { pickLanguage, type Language } from '../messages/language';
import { describeError } from '../messages/texts';
import { logger } from './logger';
import { json, type ApiResult } from './responses';

/**
 * Turns any failure into SPEC §3's `{errcode, msg}` with the right status. Client errors say what
 * was wrong; anything else is logged with the request id and answered with a generic 50000 that
 * carries the id, never a stack or an internal message.
 */
/** AWS answers that mean "too busy now, the same request later will do" (throttling, contention). */
const busyNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'SlowDown',
  'Throttling',
]);

/**
 * A connection to an AWS service that broke (the client already retried it); UND_ERR_SOCKET is
 * fetch's (undici's) "other side closed", what the S3 client (src/core/uploads/s3.ts) meets when S3
 * drops a connection before answering.
 */
const brokenConnection = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A transaction DynamoDB cancelled only because of contention or throttling (no condition failed):
 * nothing was written, and the same request later will do. The data layer answers failed
 * conditions itself; what reaches here after its retries is busy, not broken.
 */
const busyCancellationCodes = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'None']);
const isBusyCancellation = (error: Error): boolean => {
  if (error.name !== 'TransactionCanceledException') return false;
  const codes = ((error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return codes.some((c) => c !== 'None') && codes.every((c) => busyCancellationCodes.has(c));
};

const isBusy = (error: unknown): boolean =>
  error instanceof Error &&
  (busyNames.has(error.name) ||
    isBusyCancellation(error) ||
    brokenConnection.has((error as { code?: string }).code ?? '') ||
    (error as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true);

/** middy's answer when the function's time is up: the work may be done or not, so the retry must be safe. */
const isTimeout = (error: unknown): boolean => error instanceof Error && error.name === 'TimeoutError';

/** The data layer's refusals as the API's errors (the data layer knows no HTTP). */
const fromData: Record<DataErrorKind, (message: string, rule?: string) => AppError> = {
  not_found: (m, rule) => new NotFoundError(m, rule ? { rule } : undefined),
  conflict: (m, rule) => new ConflictError(m, rule ? { rule } : undefined),
  owned_elsewhere: (m) => new ForbiddenError(m),
  invalid_reference: (m) => new ValidationError(m),
  busy: (m) => new ServiceUnavailableError(m),
};

/** The tenant a request is about, when it names one (query, path, or a JSON body's `appid`). */
const appidOf = (event: APIGatewayProxyEventV2 | undefined): string | undefined => {
  if (!event) return undefined;
  const named = event.queryStringParameters?.['appid'] ?? event.pathParameters?.['appid'];
  if (named) return named;
  if (!event.body || event.isBase64Encoded || event.body.length > 65_536 || !event.body.trimStart().startsWith('{')) return undefined;
  try {
    const appid = (JSON.parse(event.body) as { appid?: unknown }).appid;
    return typeof appid === 'string' ? appid.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
};

const failureContext = (event: APIGatewayProxyEventV2 | undefined): FailureContext => ({ route: event?.routeKey, appid: appidOf(event), correlationId: event?.requestContext?.requestId });

export const toErrorResponse = (error: unknown, event: APIGatewayProxyEventV2 | undefined, requestId: string): ApiResult => {
  if (error instanceof DataError) return toErrorResponse(fromData[error.kind](error.message, error.rule), event, requestId);
  if (isBusy(error) || isTimeout(error)) {
    logger.warn('busy', { requestId, error: error as Error });
    // Counted once, as BusyAnswered, by the AppError branch of the answer below.
    return toErrorResponse(
      new ServiceUnavailableError(
        isTimeout(error)
          ? 'the request did not finish in time: repeat it (repeating is safe)'
          : 'the service is busy: repeat the request after Retry-After seconds',
      ),
      event,
      requestId,
    );
  }
  if (error instanceof AppError) {
    if (error.status >= 500) {
      logger.warn('upstream failure', { requestId, error });
      // WeChat's failures (src/wechat/api-error.ts carries its errcode) are counted apart from ours.
      if ('wxerrcode' in error.extra) countWechatFailure({ ...failureContext(event), errcode: error.errcode, wxerrcode: error.extra['wxerrcode'] });
      else if (error.errcode === ErrorCode.internal) countInternalError(failureContext(event));
      else if (error.errcode === ErrorCode.unavailable) countBusyAnswered(failureContext(event));
    }
    return json(error.status, answerOf(error, languageOf(event), requestId), { headers: error.headers });
  }
  countInternalError(failureContext(event));
  logger.error('unhandled error', {
    requestId,
    route: event?.routeKey,
    error: error instanceof Error ? error : String(error),
  });
  return json(500, { errcode: ErrorCode.internal, msg: describeError(ErrorCode.internal, { requestId }, languageOf(event)), requestId });
};

const languageOf = (event: APIGatewayProxyEventV2 | undefined): Language => pickLanguage(event?.headers?.['accept-language']);

const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * The error's answer: errcode, `msg` worded for a person in the request's language (the rule's
 * text, else the errcode's; English callers of a code path not yet worded get its own message),
 * and the problem's parts for a program: `field`, `rule`, `limit`, `given` beside the error's own.
 */
const answerOf = (error: AppError, lang: Language, requestId: string): Record<string, unknown> => {
  const { extra, problem } = error;
  // A quota's `rule` travels in `extra` (SPEC §3: 42910 names it): the same table words it.
  const rule = problem.rule ?? (typeof extra['rule'] === 'string' ? extra['rule'] : undefined);
  const detail = {
    ...problem,
    rule,
    need: typeof extra['need'] === 'string' ? extra['need'] : undefined,
    feature: typeof extra['feature'] === 'string' ? extra['feature'] : undefined,
    retryAfter: numberOr(extra['retry_after']),
    wxerrcode: numberOr(extra['wxerrcode']),
    wxerrmsg: typeof extra['wxerrmsg'] === 'string' ? extra['wxerrmsg'] : undefined,
    requestId,
  };
  const worded = rule === undefined && lang === 'en' ? undefined : describeError(error.errcode, detail, lang);
  const parts = Object.fromEntries(Object.entries({ field: problem.field, rule, limit: problem.limit, given: problem.given }).filter(([, v]) => v !== undefined));
  return { errcode: error.errcode, msg: worded ?? error.message, ...parts, ...extra };
};
