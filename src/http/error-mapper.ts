import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError, ErrorCode } from './errors';
import { logger } from './logger';
import { json, type ApiResult } from './responses';

/**
 * Turns any failure into SPEC §3's `{errcode, msg}` with the right status. Client errors say what
 * was wrong; anything else is logged with the request id and answered with a generic 50000 that
 * carries the id, never a stack or an internal message.
 */
export const toErrorResponse = (error: unknown, event: APIGatewayProxyEventV2 | undefined, requestId: string): ApiResult => {
  if (error instanceof AppError) {
    if (error.status >= 500) logger.warn('upstream failure', { requestId, error });
    return json(error.status, { errcode: error.errcode, msg: error.message, ...error.extra }, { headers: error.headers });
  }
  logger.error('unhandled error', {
    requestId,
    route: event?.routeKey,
    error: error instanceof Error ? error : String(error),
  });
  return json(500, { errcode: ErrorCode.internal, msg: `internal error (request id ${requestId})`, requestId });
};
