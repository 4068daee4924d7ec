import type { Agent } from 'undici';
import { inject } from 'vitest';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else undefined. */
  body: any;
  text: string;
  cookies: string[];
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  raw?: string | Buffer;
  contentType?: string;
  token?: string;
  headers?: Record<string, string>;
  /** Connect from this loopback address (127.x.y.z): a client of its own for per-client limits. */
  from?: string;
}

// undici (for a chosen source address) is loaded only by the files that use `from`: importing it
// costs a few hundred ms in every test file otherwise.
const undici = () => import('undici');
const agents = new Map<string, Agent>();
/** A connection pool bound to one loopback source address. */
export const agentFrom = async (address: string): Promise<Agent> => {
  let agent = agents.get(address);
  if (!agent) agents.set(address, (agent = new (await undici()).Agent({ localAddress: address })));
  return agent;
};

/** A loopback address of its own for this test file's clients. */
export const aClientAddress = (): string =>
  `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;

/** A request over real HTTP to the local gateway. */
export const call = (path: string, options: RequestOptions = {}): Promise<ApiResponse> => callAt(inject('baseUrl'), path, options);

/** The same request to another gateway (the one in front of the built bundles, test/support/bundles.ts). */
export const callAt = async (baseUrl: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> => {
  const url = new URL(path, baseUrl);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  if (options.token) url.searchParams.set('access_token', options.token);
  // English, so a test reads an error's own words where no rule of src/core/messages words it yet;
  // a test of what a person reads asks for zh-CN (the API's default) itself.
  const headers: Record<string, string> = { 'accept-language': 'en', ...options.headers };
  let body: string | Buffer | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.raw !== undefined) {
    body = options.raw;
    if (options.contentType) headers['content-type'] = options.contentType;
  }
  const init = { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' as const };
  const response = options.from
    ? ((await (await undici()).fetch(url, { ...init, dispatcher: await agentFrom(options.from) })) as unknown as Response)
    : await fetch(url, init as RequestInit);
  const text = await response.text();
  let parsed: unknown;
  if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed, text, cookies: response.headers.getSetCookie() };
};
