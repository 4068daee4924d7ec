import { config } from '../core/config';
import { WechatApiError } from './api-error';
import { countWechatError } from '../core/observability/metrics';
import { WechatErrorCode } from './error-codes';

/**
 * The one transport to WeChat: JSON in and out, WeChat's `{errcode, errmsg}` turned into
 * WechatApiError (SPEC's 50200 carrying WeChat's own code). Node's built-in fetch, which is undici
 * inside Node (keep-alive pool included): bundling the undici package cost 522 KB and ~3× the
 * module load of the fetch built into the runtime (measured: README, "Cold start").
 */
// WeChat answers in well under a second; 5 s leaves a 10 s function time to answer the caller (50200).
const callTimeoutMs = 5_000;

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
  /** Errcodes answered as a result rather than thrown: WeChat's body carries what the caller needs (45065 "clientmsgid exist" names the earlier msg_id). */
  answerErrcodes?: readonly number[];
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
    const response = await fetch(url, {
      method: req.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(callTimeoutMs),
    });
    text = await response.text();
    if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
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
  if (typeof result.errcode === 'number' && result.errcode !== 0 && !req.answerErrcodes?.includes(result.errcode)) {
    countWechatError(result.errcode);
    throw new WechatApiError(result.errcode, result.errmsg ?? '', req.path);
  }
  return result;
};

export interface WechatBytes {
  contentType: string;
  data: Buffer;
  filename?: string;
}

/**
 * A response's body, read until `maxBytes`: past it 'too_large', and the rest is never downloaded
 * (leaving the loop cancels the stream; cancel() on the locked stream would throw).
 */
export const readCapped = async (response: Response, maxBytes: number): Promise<Buffer | 'too_large'> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) return 'too_large';
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
};

/**
 * A WeChat download (cgi-bin/media/get, GET; cgi-bin/material/get_material, POST with a JSON body):
 * the bytes and their type, or WeChat's JSON — an error
 * (thrown as WechatApiError, so the token store's refresh-and-retry applies) or a video's
 * `video_url`. Reading stops past `maxBytes` (PayloadTooLargeError is the caller's to raise).
 */
export const fetchWechatBytes = async (
  req: Omit<WechatRequest, 'form' | 'method'>,
  maxBytes: number,
): Promise<WechatBytes | { json: Record<string, unknown> } | 'too_large'> => {
  const url = wechatUrl(req.path, req.query, req.base);
  let response: Response;
  let body: Buffer | 'too_large';
  try {
    response = await fetch(
      url,
      req.json === undefined
        ? { method: 'GET', signal: AbortSignal.timeout(callTimeoutMs) }
        : { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(req.json), signal: AbortSignal.timeout(callTimeoutMs) },
    );
    body = await readCapped(response, maxBytes);
  } catch (error) {
    throw new WechatApiError(WechatErrorCode.systemBusy, `WeChat did not answer: ${(error as Error).message}`, req.path);
  }
  if (body === 'too_large') return 'too_large';
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  if (response.status >= 500) throw new WechatApiError(WechatErrorCode.systemBusy, `WeChat did not answer: HTTP ${response.status}`, req.path);
  const data = body;
  if (/json|text\/plain/i.test(contentType)) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new WechatApiError(WechatErrorCode.systemBusy, 'WeChat answered something that is not JSON', req.path);
    }
    if (typeof parsed['errcode'] === 'number' && parsed['errcode'] !== 0) {
      throw new WechatApiError(parsed['errcode'], String(parsed['errmsg'] ?? ''), req.path);
    }
    return { json: parsed };
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { contentType, data, ...(filename ? { filename } : {}) };
};
