/**
 * Which stream records reach the consumer: the callback's items (src/inbox/data/messages.ts), created or
 * changed. Not our own writes (the consumer's marks, the plug-ins' items: a plug-in that reacted
 * to those would feed itself) and not TTL deletions. One pattern, in Lambda's event-filter syntax:
 * CDK puts it on the event source mapping (lib/record-stream.ts), the local poller applies it with
 * `matchesFilter`, and the consumer checks it again so a missing filter cannot loop.
 */
export const callbackRecordFilter = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { type: { S: ['inboxMessage', 'messageMark'] } } },
} as const;

type Pattern = { readonly [key: string]: readonly (string | number)[] | Pattern };

/**
 * Lambda's event-filter matching for the exact-value subset this product uses (nested objects,
 * arrays of allowed values). No library does Lambda's filter language in Node; this one line of
 * matching is what `callbackRecordFilter` needs.
 */
export const matchesFilter = (pattern: Pattern, value: unknown): boolean =>
  Object.entries(pattern).every(([key, expected]) => {
    const actual = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return Array.isArray(expected) ? (expected as unknown[]).includes(actual) : matchesFilter(expected as Pattern, actual);
  });
