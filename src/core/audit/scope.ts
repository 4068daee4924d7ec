import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The audit scope of one API change: who acts, where, through which route, with what input
 * (already redacted). The endpoint wrapper opens it around a change route's domain call; the data
 * client's write path reads it to add the entry to the change's own transaction.
 */
export interface AuditScope {
  orgId: string;
  userId: string;
  username: string;
  /** The route's id-like name: `POST /apis/replies/addReply`. */
  route: string;
  /** The route's area (its handler's folder): what the log is filtered by as "kind". */
  kind: string;
  /** The official account the change is about, when known (the input's appid, else the first account key written). */
  appid?: string;
  /** The input, redacted and shortened. */
  input: Record<string, unknown>;
  requestId: string;
  at: string;
  /** The entry's sort key: one entry per request. */
  entrySk: string;
  /**
   * 'carried': the entry rides the first write of the request (same transaction); 'wechat': the
   * change is made at WeChat, so the entry is written before the call (intent) and given its outcome after.
   */
  mode: 'carried' | 'wechat';
  /** Whether the entry has been written (carried by a write, or the intent put). */
  written: boolean;
  /** Writes of the request that could not carry the entry (they ask for old values back): written alone after them. */
  uncarried: import('./entry').AuditChange[];
  /** Closed when the domain call returns: work it started later (a local queue) is not the request's. */
  open: boolean;
}

const storage = /* @__PURE__ */ new AsyncLocalStorage<AuditScope>();

export const runInAuditScope = <T>(scope: AuditScope, fn: () => Promise<T>): Promise<T> => storage.run(scope, fn);

/** The open scope of the current request, if it is a change through the API. */
export const currentAuditScope = (): AuditScope | undefined => {
  const scope = storage.getStore();
  return scope?.open ? scope : undefined;
};
