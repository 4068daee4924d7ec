import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '../local/gateway';
import { sealedDelivery } from './callback-pipeline';

/**
 * The local gateway's own cost per request: the gateway dispatching through the real route table
 * to a handler that does nothing, beside a bare node:http server that reads the body and answers
 * the same, both driven by the same client in this process with the callback's request (query,
 * 600-byte safe-mode body). The driver's cost is the same on both sides, so the difference in this
 * process's CPU time per request is the gateway's: route lookup, event building, body handling,
 * the result written back. Rounds alternate between the two; the overhead is the median of the
 * per-round differences.
 */
const answer = { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'success' };

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const drive = async (url: string, body: Buffer, count: number, concurrency: number): Promise<number> => {
  let next = 0;
  const start = cpuMs();
  const worker = async () => {
    while (next++ < count) {
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
      if ((await res.text()) !== 'success') throw new Error(`answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ((cpuMs() - start) * 1000) / count;
};

const listen = async (server: Server): Promise<number> => {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

export interface GatewayOverhead {
  bareUs: number;
  gatewayUs: number;
  overheadUs: number;
}

export const benchGatewayOverhead = async (root: string, rounds = 10, perRound = 300, concurrency = 16): Promise<GatewayOverhead> => {
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Buffer.concat(chunks);
      res.statusCode = 200;
      res.setHeader('content-type', answer.headers['content-type']);
      res.end(answer.body);
    });
  });
  const gateway = await startGateway({ root, port: 0, handlerFor: () => async () => answer });
  try {
    const delivery = sealedDelivery('keyword-1');
    const path = `/wxplatform/callback/wxbench0000000001?${new URLSearchParams(delivery.query)}`;
    const urls = { bare: `http://127.0.0.1:${await listen(bare)}${path}`, gateway: `http://127.0.0.1:${await listen(gateway)}${path}` };
    const samples = { bare: [] as number[], gateway: [] as number[], overhead: [] as number[] };
    for (let round = 0; round < rounds + 2; round++) {
      const order = round % 2 === 0 ? (['bare', 'gateway'] as const) : (['gateway', 'bare'] as const);
      const us = { bare: 0, gateway: 0 };
      for (const name of order) us[name] = await drive(urls[name], delivery.body, perRound, concurrency);
      if (round < 2) continue; // warm-up
      samples.bare.push(us.bare);
      samples.gateway.push(us.gateway);
      samples.overhead.push(us.gateway - us.bare);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return { bareUs: median(samples.bare), gatewayUs: median(samples.gateway), overheadUs: median(samples.overhead) };
  } finally {
    bare.close();
    gateway.close();
  }
};
