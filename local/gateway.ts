import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { rewriteMpVerifyPath } from '../src/accounts/mp-verify';
import { routeList, type RouteDefinition } from '../lib/routes';
import type { AccessLogRecord } from '../src/core/observability/access-log';
import { startLocalAccessLog } from './access-log';

/**
 * A local stand-in for API Gateway (HTTP API, payload format 2.0): it dispatches through the same
 * route table as the CDK stack, builds the same event shape and calls the same handler modules.
 */
export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  route: RouteDefinition & { id: string };
  pattern: RegExp;
  params: string[];
  handler: LambdaHandler;
  /** Requests of this function now running. */
  running: number;
  /** Its place in the route table: the first route that matches wins. */
  index: number;
  /** Requests it may run at once (functionConcurrency, read when the gateway starts). */
  limit: number;
  /** `METHOD path` as API Gateway names the route. */
  routeKey: string;
}

/** API Gateway's own payload limit. */
const maxPayloadBytes = 10 * 1024 * 1024;

/**
 * Requests one function may run at once (LOCAL_FUNCTION_CONCURRENCY, default 16): in AWS a function
 * runs as many copies as its reserved concurrency allows and the route's throttle keeps requests
 * below that. Beyond it, the request is refused at once, as API Gateway refuses a throttled route,
 * instead of queueing until the function's timeout turns it into an error after the work was done.
 */
const functionConcurrency = (routeId: string): number => {
  // LOCAL_FUNCTION_CONCURRENCY_OVERRIDES: {"user.login": 20}, as reserved concurrency is set per function.
  const overrides = JSON.parse(process.env['LOCAL_FUNCTION_CONCURRENCY_OVERRIDES'] || '{}') as Record<string, number>;
  const value = Number(overrides[routeId] ?? process.env['LOCAL_FUNCTION_CONCURRENCY']);
  return Number.isInteger(value) && value > 0 ? value : 16;
};

const pageSecurityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** The functions' timeout (the stack's is 10 s); LOCAL_FUNCTION_TIMEOUT_MS gives a slow machine more. */
const functionTimeoutMs = (): number => {
  const value = Number(process.env['LOCAL_FUNCTION_TIMEOUT_MS']);
  return Number.isInteger(value) && value > 0 ? value : 10_000;
};

/** A path segment as API Gateway hands it over: decoded, or as sent when it is not valid percent-encoding. */
const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** Content types API Gateway passes as text; everything else arrives base64-encoded. */
const isTextual = (contentType: string): boolean =>
  contentType === '' ||
  /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(json|xml))/i.test(contentType);

const compile = (path: string): { pattern: RegExp; params: string[] } => {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = segment.match(/^\{(\w+)\}$/);
      if (param) {
        params.push(param[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), params };
};

export const loadRoutes = async (root: string, handlerFor?: (route: RouteDefinition & { id: string }) => LambdaHandler): Promise<CompiledRoute[]> =>
  Promise.all(
    routeList.map(async (route, index) => {
      const compiledRoute = { route, ...compile(route.path), running: 0, index, limit: functionConcurrency(route.id), routeKey: `${route.method} ${route.path}` };
      if (handlerFor) return { ...compiledRoute, handler: handlerFor(route) };
      const module = (await import(pathToFileURL(join(root, route.handler)).href)) as { handler?: LambdaHandler };
      if (typeof module.handler !== 'function') throw new Error(`${route.handler} exports no handler`);
      return { ...compiledRoute, handler: module.handler };
    }),
  );

/**
 * Route lookup without trying every pattern: paths without variables (all but a few) by a map,
 * the rest by pattern. The earliest matching route in the table wins, as with a scan in order.
 * A CORS preflight (OPTIONS) goes to the first route of its path, whose function answers it.
 */
const routeFinder = (compiled: CompiledRoute[]) => {
  const fixed = new Map<string, CompiledRoute[]>();
  const patterned: CompiledRoute[] = [];
  for (const c of compiled) {
    if (c.params.length === 0) {
      const list = fixed.get(c.route.path) ?? [];
      list.push(c);
      fixed.set(c.route.path, list);
    } else patterned.push(c);
  }
  const fits = (c: CompiledRoute, method: string | undefined) => c.route.method === method || method === 'OPTIONS';
  return (method: string | undefined, path: string): { found: CompiledRoute; match: RegExpExecArray | null } | undefined => {
    let found = fixed.get(path)?.find((c) => fits(c, method));
    let match: RegExpExecArray | null = null;
    for (const c of patterned) {
      if (found && c.index > found.index) break;
      if (!fits(c, method)) continue;
      const m = c.pattern.exec(path);
      if (m) {
        found = c;
        match = m;
        break;
      }
    }
    return found ? { found, match } : undefined;
  };
};

const readBody = (req: IncomingMessage): Promise<Buffer | 'too-large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxPayloadBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxPayloadBytes ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });

const toEvent = (req: IncomingMessage, url: URL, compiled: CompiledRoute, match: RegExpExecArray | null, body: Buffer): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  let query: Record<string, string> | undefined;
  if (url.search.length > 1) {
    query = {};
    for (const [key, value] of url.searchParams) query[key] = Object.hasOwn(query, key) ? `${query[key]},${value}` : value;
  }
  const pathParameters: Record<string, string> = {};
  for (let i = 0; i < compiled.params.length; i++) pathParameters[compiled.params[i]!] = decodeSegment(match?.[i + 1] ?? '');
  const contentType = headers['content-type'] ?? '';
  const textual = isTextual(contentType);
  const now = new Date();
  const { routeKey } = compiled;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query && Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(compiled.params.length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers['host'] ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
  };
};

const lambdaContext = (route: RouteDefinition & { id: string }, requestId: string, timeoutMs: number): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `socialinzen-${route.id}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:socialinzen-${route.id}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/socialinzen-${route.id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

const send = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void => {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
  res.statusCode = result.statusCode ?? 200;
  res.end(result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
};

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
};

export interface GatewayOptions {
  root: string;
  port: number;
  /** Extra pages served outside the API (the local index page). */
  fallback?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
  /** Replaces every route's handler (the benchmark measures the gateway's own cost with a no-op). */
  handlerFor?: (route: RouteDefinition & { id: string }) => LambdaHandler;
  /**
   * Write the stage's access log to its subscribers (the callback's latency statistics,
   * local/access-log.ts). Default: on, unless `handlerFor` replaces the functions or LOCAL_ACCESS_LOG=off.
   */
  accessLog?: boolean;
}

/** The gateway's server; once it has closed, `logsDelivered()` settles when its last access-log lines reached their subscribers. */
export type GatewayServer = Server & { logsDelivered(): Promise<void> };

export const startGateway = async (options: GatewayOptions): Promise<GatewayServer> => {
  const compiled = await loadRoutes(options.root, options.handlerFor);
  const findRoute = routeFinder(compiled);
  const timeoutMs = functionTimeoutMs();
  const accessLog = (options.accessLog ?? (!options.handlerFor && process.env['LOCAL_ACCESS_LOG'] !== 'off')) ? await startLocalAccessLog(options.root) : undefined;
  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrived = performance.now();
    const arrivedEpoch = Date.now();
    // The Host header is the client's text: parse the path against a fixed base, never against it.
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // WeChat's domain-check file at the root (CloudFront does the same rewrite in AWS).
    const rewritten = rewriteMpVerifyPath(url.pathname);
    if (rewritten !== undefined) url.pathname = rewritten;
    const routed = findRoute(req.method, url.pathname);
    if (!routed) {
      // Pages served beside the API get the same browser policies as the functions' answers.
      for (const [name, value] of Object.entries(pageSecurityHeaders)) res.setHeader(name, value);
      if (options.fallback?.(req, res, url)) return;
      // What API Gateway answers for a route it does not have.
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const { found, match } = routed;
    // The stage's access-log line, written when the answer has gone, as API Gateway writes it.
    const line = { requestId: randomUUID(), integrationStart: 0, integrationMs: undefined as number | undefined, error: '-' };
    if (accessLog) {
      res.on('finish', () => {
        const record: AccessLogRecord = {
          requestId: line.requestId,
          ip: req.socket.remoteAddress ?? '-',
          time: String(arrivedEpoch),
          routeKey: found.routeKey,
          path: url.pathname,
          status: String(res.statusCode),
          responseLength: String(res.getHeader('content-length') ?? '-'),
          latency: String(Math.round(performance.now() - arrived)),
          integrationLatency: line.integrationMs === undefined ? '-' : String(line.integrationMs),
          integrationError: line.error,
          userAgent: String(req.headers['user-agent'] ?? '-'),
        };
        accessLog.write(record);
      });
    }
    if (found.running >= found.limit) {
      // API Gateway's answer to a throttled route; nothing reached the function.
      req.resume();
      sendJson(res, 429, { message: 'Too Many Requests' });
      return;
    }
    found.running++;
    try {
      const body = await readBody(req);
      if (body === 'too-large') {
        sendJson(res, 413, { message: 'Request Entity Too Large' });
        return;
      }
      const event = toEvent(req, url, found, match, body);
      event.requestContext.requestId = line.requestId;
      line.integrationStart = performance.now();
      try {
        const result = await found.handler(event, lambdaContext(found.route, event.requestContext.requestId, timeoutMs));
        line.integrationMs = Math.round(performance.now() - line.integrationStart);
        send(res, result);
      } catch (error) {
        line.integrationMs = Math.round(performance.now() - line.integrationStart);
        line.error = (error as Error).message ?? 'error';
        throw error;
      }
    } catch (error) {
      // The Lambda itself crashed: API Gateway answers 500 Internal Server Error.
      console.error(`[gateway] ${found.route.id} crashed:`, error);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    } finally {
      found.running--;
    }
  };
  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      // Whatever a request does, the server stays up.
      console.error('[gateway] request failed:', error);
      if (!res.headersSent) sendJson(res, 400, { message: 'Bad Request' });
      else res.destroy();
    });
  });
  // A client that sends garbage or hangs up gets its socket closed, never the process ended.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    // API Gateway refuses an over-long request line or headers (10 KiB) the same way, before any function.
    const [status, message] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    const body = JSON.stringify({ message });
    socket.end(`HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  });
  // The last lines are delivered before the stack stops DynamoDB under them.
  let delivered: Promise<void> = Promise.resolve();
  if (accessLog) server.on('close', () => (delivered = accessLog.stop()));
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return Object.assign(server, { logsDelivered: () => delivered });
};
