import type { AuditScope } from './scope';
import { itemSummary, redact } from './redact';

/**
 * The audit log's item (one per change through the API, kept a year: SPEC's retention table):
 *   AUDIT#<orgId> / AT#<ISO time>#<requestId>   type audit, orgId, userId, username, route, kind,
 *     appid?, input, changes [{item, op, before?, after?}], outcome (done / pending / failed),
 *     errcode?, atomic, at, ttl; gsi1pk AUDITBY#<userId> (a person's entries, to replace their name)
 * Listed newest first by Query on the partition; the date filter is a range of the sort key.
 */
export const auditKeepDays = 365;

export const auditPartition = (orgId: string) => `AUDIT#${orgId}`;
export const auditAuthorPartition = (userId: string) => `AUDITBY#${userId}`;
export const auditSortKey = (at: string, requestId: string) => `AT#${at}#${requestId}`;

export type AuditOutcome = 'done' | 'pending' | 'failed';

export interface AuditChange {
  /** The item changed, as `<pk> / <sk>`. */
  item: string;
  op: 'put' | 'update' | 'delete' | 'check';
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** The area a route belongs to (its handler's folder): the "kind" the log is filtered by. */
export const kindOfHandler = (handler: string): string => handler.split('/')[1] ?? 'other';

const ttlOf = (at: string): number => Math.floor(Date.parse(at) / 1000) + auditKeepDays * 86_400;

export const auditItem = (scope: AuditScope, fields: { outcome: AuditOutcome; changes?: AuditChange[]; atomic: boolean; errcode?: number }) => ({
  pk: auditPartition(scope.orgId),
  sk: scope.entrySk,
  // A person's entries, across organizations: their name is replaced when they delete their account.
  gsi1pk: auditAuthorPartition(scope.userId),
  gsi1sk: scope.entrySk,
  type: 'audit',
  orgId: scope.orgId,
  userId: scope.userId,
  username: scope.username,
  route: scope.route,
  kind: scope.kind,
  ...(scope.appid ? { appid: scope.appid } : {}),
  input: scope.input,
  changes: fields.changes ?? [],
  outcome: fields.outcome,
  ...(fields.errcode === undefined ? {} : { errcode: fields.errcode }),
  atomic: fields.atomic,
  requestId: scope.requestId,
  at: scope.at,
  ttl: ttlOf(scope.at),
});

/** `SET a = :x, b = :y` → `{ a: x, b: y }` (redacted by name): what an update writes, as a person reads it. */
export const updateSummary = (expression: string | undefined, names: Record<string, string> = {}, values: Record<string, unknown> = {}): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  const set = expression?.match(/\bSET\b([\s\S]*?)(?=\b(?:REMOVE|ADD|DELETE)\b|$)/i)?.[1] ?? '';
  for (const m of set.matchAll(/(#?[\w.#]+)\s*=\s*(?:if_not_exists\([^)]*\)\s*[+-]?\s*)?(:\w+)/g)) {
    const name = m[1]!.split('.').map((p) => names[p] ?? p).join('.');
    out[name] = values[m[2]!];
  }
  const removed = expression?.match(/\bREMOVE\b([\s\S]*?)(?=\b(?:SET|ADD|DELETE)\b|$)/i)?.[1];
  if (removed) for (const p of removed.split(',')) out[names[p.trim()] ?? p.trim()] = null;
  return itemSummary(out) ?? {};
};

export const keyText = (key: Record<string, unknown> | undefined): string => `${String(key?.['pk'] ?? '')} / ${String(key?.['sk'] ?? '')}`;

/** The appid a written key names (ACCOUNT#wx…, RULES#wx…, SENDS#wx…): the account a change is about. */
export const appidOfKey = (pk: unknown): string | undefined => (typeof pk === 'string' ? /^[A-Z0-9]+#(wx[0-9A-Za-z]{6,32})(?:#|$)/.exec(pk)?.[1] : undefined);

export { redact, itemSummary };
