import { routes } from '../../lib/routes';
import type { Input, Output, RouteId } from './contract';
import { language } from './i18n';
import { readOrg, readSession } from './session';

/**
 * The typed API client: `call('replies.list', { limit: 20 })`. Method and path come from the route
 * table, types from the handlers' zod schemas (contract.ts). The session token travels only in the
 * `Authorization: Bearer` header; GET inputs go in the query string, others as a JSON body.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly errcode: number,
    message: string,
    /** The top-level field the answer names (`field`'s first segment), if it names one. */
    readonly field: string | undefined,
    /** The full path it names ("button[2].sub_button[0].name"). */
    readonly path: string | undefined,
    readonly detail: string,
    readonly retryAfter: number | undefined,
    /** The whole answer, for what an error lists beside its text (e.g. the rules that use a material). */
    readonly answer: ErrorAnswer & Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Called when the API says the session is gone (40100), so the app can go to login. */
let onSessionExpired: () => void = () => undefined;
export const whenSessionExpires = (handler: () => void): void => {
  onSessionExpired = handler;
};

/** An error answer: `msg` is already worded in the page's language; `field` names where it belongs. */
export interface ErrorAnswer {
  errcode?: number;
  msg?: string;
  field?: string;
  rule?: string;
  retry_after?: number;
}

export const apiErrorOf = (status: number, json: ErrorAnswer, retryAfterHeader: string | null): ApiError => {
  const errcode = json.errcode ?? status * 100;
  const msg = json.msg ?? `HTTP ${status}`;
  const path = json.field;
  return new ApiError(status, errcode, msg, path?.split(/[.[]/)[0], path, msg, json.retry_after ?? (Number(retryAfterHeader) || undefined), json as ErrorAnswer & Record<string, unknown>);
};

/** Headers every API request carries: the session, the organization picked, the page's language. */
export const apiHeaders = (auth: boolean): Record<string, string> => {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language() };
  const session = readSession();
  if (auth && session) headers['authorization'] = `Bearer ${session.token}`;
  // The organization the user picked; without one the API uses the session's own.
  const org = readOrg();
  if (auth && org) headers['x-org'] = org;
  return headers;
};

export const call = async <R extends RouteId>(id: R, input: Input<R>, options: { signal?: AbortSignal } = {}): Promise<Output<R>> => {
  const route = routes[id];
  const headers = apiHeaders(route.auth);
  let url = route.path;
  let body: string | undefined;
  if (route.method === 'GET') {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
      if (value !== undefined && value !== '') query.set(name, String(value));
    }
    if ([...query].length) url += `?${query}`;
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: route.method, headers, body, credentials: 'omit', signal: options.signal ?? null });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, -1, 'network', undefined, undefined, 'network', undefined);
  }
  const json = (await response.json().catch(() => ({}))) as ErrorAnswer;
  if (response.ok && (json.errcode ?? 0) === 0) return json as Output<R>;
  const error = apiErrorOf(response.status, json, response.headers.get('retry-after'));
  if (error.errcode === 40100 && route.auth) onSessionExpired();
  throw error;
};
