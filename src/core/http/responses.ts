import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type ApiResult = APIGatewayProxyStructuredResultV2;

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** Success: `{"errcode":0,"msg":"ok", ...data}`. */
export const ok = (
  data: Record<string, unknown> = {},
  options: { cookies?: string[]; headers?: Record<string, string> } = {},
): ApiResult => json(200, { errcode: 0, msg: 'ok', ...data }, options);

export const json = (
  statusCode: number,
  body: unknown,
  options: { cookies?: string[]; headers?: Record<string, string> } = {},
): ApiResult => ({
  statusCode,
  headers: { ...jsonHeaders, ...options.headers },
  ...(options.cookies?.length ? { cookies: options.cookies } : {}),
  body: JSON.stringify(body),
});

export const redirect = (location: string, options: { cookies?: string[] } = {}): ApiResult => ({
  statusCode: 302,
  headers: { location, 'cache-control': 'no-store' },
  ...(options.cookies?.length ? { cookies: options.cookies } : {}),
  body: '',
});

export const text = (statusCode: number, body: string, contentType = 'text/plain; charset=utf-8'): ApiResult => ({
  statusCode,
  headers: { 'content-type': contentType },
  body,
});

/** Whether the caller is a browser navigating (prefers HTML) rather than an API client. */
export const wantsHtml = (headers: Record<string, string | undefined>): boolean =>
  /\btext\/html\b/i.test(headers['accept'] ?? '');
