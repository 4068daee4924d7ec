import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import { logSubscribers, routes, type RouteId } from '../lib/routes';
import type { AccessLogRecord } from '../src/core/observability/access-log';

/**
 * The HTTP API stage's access log and its subscription filters, locally: the gateway hands each
 * request's line (the same JSON fields as the stage's format) here; the lines of a subscriber's
 * route are gathered and delivered as CloudWatch Logs delivers them (gzipped, base64, `awslogs.data`,
 * each log event with a unique id), every LOCAL_ACCESS_LOG_FLUSH_MS (default 1 s) or 100 lines. A
 * delivery whose handler throws is retried twice with the same payload, as Lambda retries an
 * asynchronous invocation.
 */
type Subscriber = { id: string; routeKey: string; handler: (event: CloudWatchLogsEvent) => Promise<unknown>; pending: { id: string; timestamp: number; message: string }[] };

export interface LocalAccessLog {
  write(record: AccessLogRecord): void;
  /** Delivers what waits now (tests and shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const flushMs = (): number => {
  const value = Number(process.env['LOCAL_ACCESS_LOG_FLUSH_MS']);
  return Number.isInteger(value) && value > 0 ? value : 1000;
};

export const startLocalAccessLog = async (root: string): Promise<LocalAccessLog> => {
  const subscribers: Subscriber[] = await Promise.all(
    Object.entries(logSubscribers).map(async ([id, s]) => {
      const route = routes[s.route as RouteId];
      const module = (await import(pathToFileURL(join(root, s.handler)).href)) as { handler: Subscriber['handler'] };
      return { id, routeKey: `${route.method} ${route.path}`, handler: module.handler, pending: [] };
    }),
  );
  let sequence = 0n;
  const base = BigInt(Date.now()) * 10n ** 20n;
  const deliver = async (subscriber: Subscriber) => {
    const logEvents = subscriber.pending.splice(0, 100);
    if (logEvents.length === 0) return;
    const data: CloudWatchLogsDecodedData = {
      messageType: 'DATA_MESSAGE',
      owner: '000000000000',
      logGroup: 'ApiAccessLogs',
      logStream: '$default',
      subscriptionFilters: [`${subscriber.id}Subscription`],
      logEvents,
    };
    const event: CloudWatchLogsEvent = { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await subscriber.handler(event);
        return;
      } catch (error) {
        if (attempt === 2) console.error(`[access-log] ${subscriber.id} failed a delivery of ${logEvents.length} lines:`, error);
      }
    }
  };
  let running: Promise<unknown> = Promise.resolve();
  const flush = () => {
    // One delivery at a time per flush, in order: as CloudWatch Logs sends a log stream's batches.
    running = running.then(() => Promise.all(subscribers.map(async (s) => { while (s.pending.length) await deliver(s); })));
    return running.then(() => undefined);
  };
  const timer = setInterval(() => void flush(), flushMs());
  timer.unref();
  return {
    write: (record) => {
      for (const s of subscribers) {
        if (record.routeKey !== s.routeKey) continue;
        sequence++;
        s.pending.push({ id: String(base + sequence), timestamp: Number(record.time) || Date.now(), message: JSON.stringify(record) });
        if (s.pending.length >= 100) void flush();
      }
    },
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush();
    },
  };
};
