import { fail } from './steps';

/** An answer of the deployed API, read once. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, when it is JSON. */
  body: any;
}

export interface CallOptions {
  method?: string;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  json?: unknown;
  token?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** One request, 30 s at most: a hung deployment fails its step instead of hanging the run. */
export const call = async (base: string, path: string, options: CallOptions = {}): Promise<Answer> => {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
};

const describe = (answer: Answer) => `HTTP ${answer.status} ${answer.text.slice(0, 200)}`;

/** The answer's body when it is `errcode: 0`, else the step fails naming what came back. */
export const expectOk = (answer: Answer, what: string): any => {
  if (answer.body?.errcode !== 0) fail(`${what}: ${describe(answer)}`);
  return answer.body;
};

/** Passes when the answer refuses with one of `codes` (and changed nothing, the caller checks). */
export const expectRefused = (answer: Answer, codes: readonly number[], what: string): number => {
  const errcode = answer.body?.errcode as number | undefined;
  if (errcode === undefined || !codes.includes(errcode)) fail(`${what} was not refused with ${codes.join('/')}: ${describe(answer)}`);
  return errcode!;
};
