import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createContext, type SimulatorOptions } from './context';
import { SimError } from './errors';
import { SimHttpFault } from './http-fault';
import { routeTable } from './registry';
import type { Reply } from './reply';
import { callerIp } from './whitelist';

export { demoAccounts, type SimulatorOptions } from './context';

/**
 * A WeChat stand-in on 127.0.0.1 speaking WeChat's real paths and JSON (api.weixin.qq.com and the
 * mp.weixin.qq.com authorization pages on one port), plus a control API under /__sim/ for tests.
 * The routes are the API areas' (registry.ts); this module is the HTTP around them.
 */
export interface WechatSimulator {
  url: string;
  stop(): Promise<void>;
}

export const startWechatSimulator = async (options: SimulatorOptions): Promise<WechatSimulator> => {
  const ctx = createContext(options);
  const routes = routeTable(ctx);
  // After every area registered what it keeps.
  ctx.persistence.restore();

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, any> = {};
    if (raw && (req.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(raw) as Record<string, any>;
      } catch {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 47001, errmsg: 'data format error' }));
        return;
      }
    }
    const handler = routes.get(`${req.method} ${url.pathname}`);
    // An armed HTTP fault is thrown from the gate, wherever the route's handler is, and answered as is.
    const reply: Reply | SimHttpFault = handler
      ? await Promise.resolve()
          .then(() =>
            handler({
              method: req.method ?? 'GET',
              path: url.pathname,
              query: url.searchParams,
              body,
              raw: Buffer.concat(chunks),
              contentType: req.headers['content-type'] ?? '',
              ip: callerIp(req.socket.remoteAddress),
            }),
          )
          .catch((error: unknown) => {
            if (error instanceof SimHttpFault) return error;
            throw error;
          })
      : { json: SimError.invalidUrl, status: 404 };
    // Reads change state too (a token's issue, a code's use): any request may have.
    ctx.persistence.changed();
    if (reply instanceof SimHttpFault) {
      res.statusCode = reply.status;
      res.setHeader('content-type', reply.contentType);
      res.end(reply.body);
    } else if ('bytes' in reply) {
      res.statusCode = 200;
      res.setHeader('content-type', reply.contentType);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.end(reply.bytes);
    } else if ('redirect' in reply) {
      res.statusCode = 302;
      res.setHeader('location', reply.redirect);
      res.end();
    } else if ('html' in reply) {
      res.statusCode = reply.status ?? 200;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(reply.html);
    } else {
      res.statusCode = reply.status ?? 200;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(reply.json));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  ctx.selfUrl = `http://127.0.0.1:${port}`;
  return {
    url: ctx.selfUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        ctx.persistence.flush();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
