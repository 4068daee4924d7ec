import { Agent, request, type FormData } from 'undici';
import { config } from '../config';
import { WechatApiError } from '../http/errors';
import { countWechatError } from '../observability/metrics';
import { WechatErrorCode } from './error-codes';

/**
 * The one transport to WeChat: a keep-alive pool with timeouts, JSON in and out, and WeChat's
 * `{errcode, errmsg}` turned into WechatApiError (SPEC's 50200 carrying WeChat's own code).
 */
const agent = new Agent({
  connections: 64,
  keepAliveTimeout: 30_000,
  connect: { timeout: 3_000 },
  headersTimeout: 5_000,
  bodyTimeout: 10_000,
});

export type WechatBase = 'api' | 'mp' | 'open';

export interface WechatRequest {
  method?: 'GET' | 'POST';
  /** Path under the base, e.g. `cgi-bin/component/api_query_auth`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** A multipart body (materials). */
  form?: FormData;
  base?: WechatBase;
}

const baseUrl = (base: WechatBase = 'api'): string =>
  base === 'mp' ? config.wechatMpBase : base === 'open' ? config.wechatOpenBase : config.wechatApiBase;

export const wechatUrl = (path: string, query: WechatRequest['query'] = {}, base?: WechatBase): string => {
  const url = new URL(`${baseUrl(base)}/${path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
};

/** Calls WeChat and answers its JSON; a non-zero errcode throws WechatApiError. */
export const callWechat = async <T extends object>(req: WechatRequest): Promise<T> => {
  const url = wechatUrl(req.path, req.query, req.base);
  let body: string | FormData | undefined;
  const headers: Record<string, string> = {};
  if (req.json !== undefined) {
    // WeChat reads UTF-8 JSON and wants Chinese unescaped; JSON.stringify already leaves it as is.
    body = JSON.stringify(req.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (req.form) {
    body = req.form;
  }
  let text: string;
  try {
    const response = await request(url, {
      method: req.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body: body as never,
      dispatcher: agent,
    });
    text = await response.body.text();
    if (response.statusCode >= 500) throw new Error(`HTTP ${response.statusCode}`);
  } catch (error) {
    if (error instanceof WechatApiError) throw error;
    countWechatError(WechatErrorCode.systemBusy);
    throw new WechatApiError(WechatErrorCode.systemBusy, `WeChat did not answer: ${(error as Error).message}`, req.path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WechatApiError(WechatErrorCode.systemBusy, 'WeChat answered something that is not JSON', req.path);
  }
  const result = parsed as T & { errcode?: number; errmsg?: string };
  if (typeof result.errcode === 'number' && result.errcode !== 0) {
    countWechatError(result.errcode);
    throw new WechatApiError(result.errcode, result.errmsg ?? '', req.path);
  }
  return result;
};
