import type { SimErrorBody } from './errors';

/**
 * What a route of the simulator receives and answers. A leaf module: the area modules import it at
 * run time, so it imports none of them (the shared context does, which would make a cycle).
 */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, any>;
  raw: Buffer;
  contentType: string;
  /** The caller's IP as WeChat sees it (whitelists). */
  ip: string;
}

export type Reply =
  | { json: unknown; status?: number }
  | { bytes: Buffer; contentType: string; headers?: Record<string, string> }
  | { html: string; status?: number }
  | { redirect: string };

export type Handler = (req: SimRequest) => Promise<Reply> | Reply;

/** An area's routes: `"<METHOD> <path>"` (WeChat's path, or /__sim/… for the control API) → handler. */
export type Routes = Record<string, Handler>;

export const json = (body: unknown): Reply => ({ json: body });

export const bytes = (data: Buffer, contentType: string, headers: Record<string, string> = {}): Reply => ({ bytes: data, contentType, headers });

export const isError = (x: unknown): x is SimErrorBody => typeof x === 'object' && x !== null && 'errcode' in x;

/** WeChat's answer to a call that returns nothing: the error, else `{errcode: 0, errmsg: 'ok'}`. */
export const okOr = (error: SimErrorBody | undefined): Reply => json(error ?? { errcode: 0, errmsg: 'ok' });
