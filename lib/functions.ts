/**
 * Every Lambda function of the product, whatever starts it: the routes of the route table, the
 * scheduled functions, the queue workers, the record stream consumer and the access log's subscribers. One list, so the bundle
 * budgets, the entity check, the bench and the bundle pass on Node 22 cover a function as soon as it
 * exists; the stack wires each kind to what starts it (lib/socialinzen-stack.ts).
 */
import { isAuditedChange } from '../src/core/audit/changes';
import { recordConsumer, recordConsumerAccess } from '../src/records/definition';
import { fireSendFunction, logSubscribers, routeList, scheduled, workers, type RouteAccess, type WorkerId } from './routes';

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
  /** A route the endpoint wrapper writes to the audit log (src/core/audit/changes.ts). */
  readonly audited: boolean;
}

/** A worker's access; one that carries its work on in slices sends the rest to its own queue (its URL and the grant). */
export const workerAccess = (id: WorkerId): RouteAccess => {
  const w = workers[id];
  return ('continues' in w && w.continues ? { ...(w.access as RouteAccess), queues: [id] } : w.access) as RouteAccess;
};

export const functionList: readonly FunctionDefinition[] = [
  ...routeList.map((r) => ({ id: r.id, kind: 'route' as const, handler: r.handler, access: r.access as RouteAccess, auth: r.auth, audited: isAuditedChange(r) })),
  ...Object.entries(scheduled).map(([id, s]) => ({ id: `scheduled.${id}`, kind: 'scheduled' as const, handler: s.handler, access: s.access as RouteAccess, auth: false, audited: false })),
  { id: 'scheduled.fireSend', kind: 'scheduled', handler: fireSendFunction.handler, access: fireSendFunction.access as RouteAccess, auth: false, audited: false },
  ...Object.entries(workers).map(([id, w]) => ({ id: `workers.${id}`, kind: 'worker' as const, handler: w.handler, access: workerAccess(id as WorkerId), auth: false, audited: false })),
  { id: recordConsumer.id, kind: 'stream', handler: recordConsumer.handler, access: recordConsumerAccess(), auth: false, audited: false },
  ...Object.entries(logSubscribers).map(([id, l]) => ({ id: `logs.${id}`, kind: 'logs' as const, handler: l.handler, access: l.access as RouteAccess, auth: false, audited: false })),
];
