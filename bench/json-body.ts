import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { buildFunction } from './bundles';
import { handler as middyHandler } from './fixtures/json-middy';
import { handler as oursHandler } from './fixtures/json-ours';

/**
 * @middy/http-json-body-parser (named on the design card) against the project's parser: the bytes
 * it adds to a bundle, the time per request on the same JSON body (in process, interleaved), and
 * what each answers for a malformed body.
 */
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

const event = (body: string): APIGatewayProxyEventV2 =>
  ({ headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false, requestContext: {} }) as never;

const payload = JSON.stringify({
  type: 'multitext',
  request: 'hello',
  reply: { articles: Array.from({ length: 8 }, (_, i) => ({ title: `t${i}`, description: 'd'.repeat(60), picurl: 'https://e.x/p.png', url: 'https://e.x/' })) },
});

const perRequestUs = async (handler: Handler, rounds: number) => {
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await handler(event(payload), {} as Context);
  return ((performance.now() - started) * 1000) / rounds;
};

const failure = async (handler: Handler) => {
  try {
    return JSON.stringify(await handler(event('{"broken":'), {} as Context));
  } catch (error) {
    const e = error as { statusCode?: number; errcode?: number; message: string };
    return `${e.statusCode ?? e.errcode ?? 'throws'}: ${e.message}`;
  }
};

export const benchJsonBodyParsers = async (root: string) => {
  const [middySize, oursSize] = await Promise.all([
    buildFunction(root, 'bench/fixtures/json-middy.ts', { sdk: 'external' }),
    buildFunction(root, 'bench/fixtures/json-ours.ts', { sdk: 'external' }),
  ]);
  const times = { middy: [] as number[], ours: [] as number[] };
  for (let r = 0; r < 5; r++) {
    times.middy.push(await perRequestUs(middyHandler as Handler, 4000));
    times.ours.push(await perRequestUs(oursHandler as Handler, 4000));
  }
  const best = (values: number[]) => Math.min(...values);
  return [
    { parser: '@middy/http-json-body-parser (+ ours for forms)', 'bundle KB': Number((middySize.bytes / 1024).toFixed(1)), 'µs / request (1.1 KB JSON)': Number(best(times.middy).toFixed(1)), 'malformed JSON': await failure(middyHandler as Handler) },
    { parser: 'src/core/http/body.ts alone', 'bundle KB': Number((oursSize.bytes / 1024).toFixed(1)), 'µs / request (1.1 KB JSON)': Number(best(times.ours).toFixed(1)), 'malformed JSON': await failure(oursHandler as Handler) },
  ];
};

export const printJsonBodyParsers = async (root: string) => {
  console.log('\nJSON bodies: @middy/http-json-body-parser against src/core/http/body.ts (best of 5 × 4000 requests, in process):');
  console.table(await benchJsonBodyParsers(root));
};
