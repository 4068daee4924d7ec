import type { Entity } from '../core/data/entities';
import type { TableWrite } from './data/stream-marks';

export type { TableWrite };

/** The kinds of items the callback writes (src/inbox/data/messages.ts): a kept message, or a retention-0 mark. */
export type CallbackItemKind = 'inboxMessage' | 'messageMark';

/** A change to one of them: the callback's first write, or a later update (state, handled, answer). */
export type RecordChange = 'INSERT' | 'MODIFY';

/**
 * One stream record of a callback item, decoded. `item` is the item after the change (an
 * InboxItem, or a mark, which holds appid, openid, msgType, event, answer, state but no content);
 * `previous` the item before it (MODIFY only).
 */
export interface CallbackRecord {
  change: RecordChange;
  kind: CallbackItemKind;
  appid: string;
  openid: string;
  msgType: string;
  /** For msgType 'event': subscribe, unsubscribe, SCAN, MASSSENDJOBFINISH… as WeChat spelled it. */
  event?: string;
  key: { pk: string; sk: string };
  item: Record<string, any>;
  previous?: Record<string, any>;
  /** The stream's own identity of this record: the same on every delivery of it. */
  sequenceNumber: string;
  eventId: string;
}

/** Which records a plug-in is given; every field present must match (an absent one matches all). */
export interface RecordWants {
  /** Default: both kinds. */
  kinds?: readonly CallbackItemKind[];
  /** Default: INSERT only, i.e. each message once, when it is first recorded. */
  changes?: readonly RecordChange[];
  msgTypes?: readonly string[];
  /** Matched without regard to case (WeChat writes `subscribe` and `SCAN`). */
  events?: readonly string[];
}

/**
 * A reaction of one area to what the callback records, run by the one stream consumer
 * (src/records/consume.ts). Add one: its file, and one line in src/records/registry.ts.
 *
 * Exactly once on our table: `handle` RETURNS the writes it wants (at most 99, no TableName) and
 * does not write them itself; the consumer commits them in one transaction with this plug-in's mark
 * for the record, so a record delivered three times changes the table once. `handle` itself may
 * run more than once for the same record (redelivery): it must not have effects of its own. A
 * plug-in that must call outside (WeChat, mail, another service) makes that call idempotent itself,
 * e.g. with a key of `record.sequenceNumber` or the message key that the far side de-duplicates on.
 *
 * Failure: a throw (or a write whose condition fails, or a malformed write) sends
 * { plug-in id, record keys, sequence number, error } to the failure queue and marks the record
 * failed for this plug-in; the other plug-ins and the next records go on. Only infrastructure
 * failures (throttling, a 5xx, the network) make Lambda deliver the record again.
 */
export interface RecordPlugin {
  /** Stable: it is part of the mark's key (renaming it re-runs the records still in the stream). */
  id: string;
  wants: RecordWants;
  /** The entities its writes touch (src/core/data/entities.ts): the consumer's grants are derived from them. */
  entities: readonly Entity[];
  handle(record: CallbackRecord): Promise<readonly TableWrite[] | void> | readonly TableWrite[] | void;
}

const matchesCase = (list: readonly string[] | undefined, value: string | undefined) =>
  list === undefined || (value !== undefined && list.some((v) => v.toLowerCase() === value.toLowerCase()));

export const pluginWants = (plugin: RecordPlugin, record: CallbackRecord): boolean => {
  const { kinds, changes = ['INSERT'], msgTypes, events } = plugin.wants;
  return (
    (kinds === undefined || kinds.includes(record.kind)) &&
    changes.includes(record.change) &&
    matchesCase(msgTypes, record.msgType) &&
    matchesCase(events, record.event)
  );
};
