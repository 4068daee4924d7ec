/**
 * Every Lambda function of the product, whatever starts it: the routes of the route table, the
 * scheduled functions, the queue workers, the record stream consumer and the access log's subscribers. One list, so the bundle
 * budgets, the entity check, the bench and the bundle pass on Node 22 cover a function as soon as it
 * exists; the stack wires each kind to what starts it (lib/socialinzen-stack.ts).
 */
import { recordConsumer, recordConsumerAccess } from '../src/records/definition';
import { fireSendFunction, logSubscribers, routeList, scheduled, workers, type RouteAccess } from './routes';

export type FunctionKind = 'route' | 'scheduled' | 'worker' | 'stream' | 'logs';

export interface FunctionDefinition {
  /** The route id, or `<kind>.<id>` for the others. */
  readonly id: string;
  readonly kind: FunctionKind;
  /** Handler module relative to the project root. */
  readonly handler: string;
  readonly access: RouteAccess;
  /** Reached with a session (routes that declare `auth`). */
  readonly auth: boolean;
}

export const functionList: readonly FunctionDefinition[] = [
  ...routeList.map((r) => ({ id: r.id, kind: 'route' as const, handler: r.handler, access: r.access as RouteAccess, auth: r.auth })),
  ...Object.entries(scheduled).map(([id, s]) => ({ id: `scheduled.${id}`, kind: 'scheduled' as const, handler: s.handler, access: s.access as RouteAccess, auth: false })),
  { id: 'scheduled.fireSend', kind: 'scheduled', handler: fireSendFunction.handler, access: fireSendFunction.access as RouteAccess, auth: false },
  ...Object.entries(workers).map(([id, w]) => ({ id: `workers.${id}`, kind: 'worker' as const, handler: w.handler, access: w.access as RouteAccess, auth: false })),
  { id: recordConsumer.id, kind: 'stream', handler: recordConsumer.handler, access: recordConsumerAccess(), auth: false },
  ...Object.entries(logSubscribers).map(([id, l]) => ({ id: `logs.${id}`, kind: 'logs' as const, handler: l.handler, access: l.access as RouteAccess, auth: false })),
];
