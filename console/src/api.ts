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
    /** The top-level field the API's message names ("field: what is wrong"), if it names one. */
    readonly field: string | undefined,
    /** The full dotted path it names ("reply.articles.0.title"). */
    readonly path: string | undefined,
    readonly detail: string,
    readonly retryAfter: number | undefined,
  ) {
    super(message);
  }
}

/** Called when the API says the session is gone (40100), so the app can go to login. */
let onSessionExpired: () => void = () => undefined;
export const whenSessionExpires = (handler: () => void): void => {
  onSessionExpired = handler;
};

/** "reply.content.articles.0.title: Too small" → field "reply", detail "content.articles.0.title: Too small". */
export const splitMessage = (msg: string): { field: string | undefined; path: string | undefined; detail: string } => {
  const match = /^([A-Za-z_][\w.[\]-]*): (.+)$/s.exec(msg);
  if (!match) return { field: undefined, path: undefined, detail: msg };
  return { field: match[1]!.split(/[.[]/)[0], path: match[1], detail: msg };
};

export const call = async <R extends RouteId>(id: R, input: Input<R>, options: { signal?: AbortSignal } = {}): Promise<Output<R>> => {
  const route = routes[id];
  const session = readSession();
  // The language the user picked: the API writes its mails (and later its messages) in it.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language() };
  if (route.auth && session) headers['authorization'] = `Bearer ${session.token}`;
  // The organization the user picked; without one the API uses the session's own.
  const org = readOrg();
  if (route.auth && org) headers['x-org'] = org;
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
  const json = (await response.json().catch(() => ({}))) as { errcode?: number; msg?: string; retry_after?: number };
  if (response.ok && (json.errcode ?? 0) === 0) return json as Output<R>;
  const errcode = json.errcode ?? response.status * 100;
  const msg = json.msg ?? response.statusText;
  if (errcode === 40100 && route.auth) onSessionExpired();
  const { field, path, detail } = splitMessage(msg);
  throw new ApiError(response.status, errcode, msg, field, path, detail, json.retry_after ?? (Number(response.headers.get('retry-after')) || undefined));
};
