import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RouteDefinition } from '../route';
import type { ApiResult } from './responses';

/**
 * Headers every answer carries for browsers: security policies (SPEC's answers are JSON, but the
 * callback answers text and XML, verification links redirect, and any of them may be opened in a
 * tab), and CORS decided per route: the public JSSDK endpoint answers any page, everything else
 * only the console origins configured in CONSOLE_ORIGINS (in AWS the console is served from the
 * API's own origin through CloudFront, so it needs none).
 */
const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
} as const;

/** Browsers keep to HTTPS for a year once they met the API over it (API Gateway only speaks HTTPS). */
const hsts = 'max-age=31536000; includeSubDomains';

const consoleOrigins = (): Set<string> =>
  new Set(
    (process.env['CONSOLE_ORIGINS'] ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  );

const header = (event: APIGatewayProxyEventV2, name: string): string | undefined => event.headers?.[name];

/** The CORS headers this route answers this request's Origin with (none for an origin it does not serve). */
export const corsHeaders = (route: RouteDefinition, event: APIGatewayProxyEventV2): Record<string, string> => {
  const origin = header(event, 'origin');
  if (!origin) return {};
  if (route.cors === 'public') return { 'access-control-allow-origin': '*' };
  if (consoleOrigins().has(origin)) {
    return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
  }
  return {};
};

export const isPreflight = (event: APIGatewayProxyEventV2): boolean =>
  event.requestContext?.http?.method === 'OPTIONS';

/** One route answers the console origins' preflights for every path (the stack's resource budget). */
export const preflightRouteKey = 'OPTIONS /{proxy+}';

/** The answer to a CORS preflight of `route`: 204, with the permission only for an origin it serves. */
export const preflight = (route: RouteDefinition, event: APIGatewayProxyEventV2): ApiResult => {
  const cors = corsHeaders(route, event);
  const allowed = 'access-control-allow-origin' in cors;
  return {
    statusCode: 204,
    headers: {
      ...cors,
      ...(allowed
        ? {
            // The API's catch-all preflight route (OPTIONS /{proxy+}) answers for every path.
            'access-control-allow-methods': event.routeKey === preflightRouteKey ? 'GET, POST, OPTIONS' : `${route.method}, OPTIONS`,
            'access-control-allow-headers': route.cors === 'public' ? 'content-type' : 'authorization, content-type, x-org',
            'access-control-max-age': '3600',
          }
        : {}),
      ...(route.cors === 'public' ? {} : { vary: 'Origin' }),
    },
    body: '',
  };
};

/** Adds the security and CORS headers to an answer (the answer's own headers win). */
export const withWebHeaders = (route: RouteDefinition, event: APIGatewayProxyEventV2, result: ApiResult): ApiResult => {
  const https = header(event, 'x-forwarded-proto') === 'https';
  return {
    ...result,
    headers: {
      ...securityHeaders,
      ...(https ? { 'strict-transport-security': hsts } : {}),
      ...corsHeaders(route, event),
      ...result.headers,
    },
  };
};
