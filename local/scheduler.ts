import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScheduledEvent } from 'aws-lambda';
import { scheduled } from '../lib/routes';

/** EventBridge stand-in: runs each scheduled function of the route table at its rate. */
const rateMs = (expression: string): number => {
  const match = expression.match(/^rate\((\d+) (minute|minutes|hour|hours)\)$/);
  if (!match) throw new Error(`unsupported schedule ${expression} (only rate(N minutes|hours) runs locally)`);
  return Number(match[1]) * (match[2]!.startsWith('hour') ? 3_600_000 : 60_000);
};

export const startScheduler = async (root: string): Promise<() => Promise<void>> => {
  const timers: NodeJS.Timeout[] = [];
  for (const [name, entry] of Object.entries(scheduled)) {
    // A cron schedule (the statistics collector's 08:00–12:00 Beijing time) does not run by itself
    // locally: its tests and `npm start` users call its handler when they mean it.
    if (entry.schedule.startsWith('cron(')) continue;
    const module = (await import(pathToFileURL(join(root, entry.handler)).href)) as {
      handler: (event: ScheduledEvent) => Promise<unknown>;
    };
    const run = () => {
      const event: ScheduledEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: 'local',
        time: new Date().toISOString(),
        region: 'local',
        resources: [`arn:aws:events:local:000000000000:rule/socialinzen-${name}`],
        detail: {},
      };
      module.handler(event).catch((error) => console.error(`[scheduler] ${name} failed:`, error));
    };
    const timer = setInterval(run, rateMs(entry.schedule));
    timer.unref();
    timers.push(timer);
  }
  return async () => timers.forEach(clearInterval);
};

/**
 * EventBridge Scheduler stand-in for one-time schedules (scheduled sends): answers the SDK's
 * CreateSchedule (POST /schedules/{Name}) and DeleteSchedule (DELETE /schedules/{Name}), and at
 * each schedule's `at(...)` invokes the target function (the route table's fireSendFunction) with
 * its Input, then deletes it (ActionAfterCompletion DELETE). Control, for tests:
 * GET /__schedules lists them; POST /__schedules/fire {name, times} fires one now, `times` at once
 * (a schedule that fires twice), answering each invocation's result.
 */
interface OneTimeSchedule {
  name: string;
  group: string;
  at: number;
  expression: string;
  input: unknown;
  afterCompletion: string;
}

export const startSendScheduler = async (root: string, port: number): Promise<{ endpoint: string; stop: () => Promise<void> }> => {
  const { fireSendFunction } = await import('../lib/routes');
  const target = (await import(pathToFileURL(join(root, fireSendFunction.handler)).href)) as { handler: (event: unknown) => Promise<unknown> };
  const schedules = new Map<string, OneTimeSchedule>();
  const fire = async (schedule: OneTimeSchedule) => {
    if (schedule.afterCompletion === 'DELETE') schedules.delete(schedule.name);
    return target.handler(schedule.input).catch((error: unknown) => ({ error: (error as Error).message }));
  };
  const timer = setInterval(() => {
    for (const schedule of schedules.values()) if (schedule.at <= Date.now()) void fire(schedule);
  }, 1000);
  timer.unref();
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>) : {};
        const answer = (status: number, json: unknown, errorType?: string) => {
          res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
          res.end(JSON.stringify(json));
        };
        const named = url.pathname.match(/^\/schedules\/([^/]+)$/)?.[1];
        if (named && req.method === 'POST') {
          const name = decodeURIComponent(named);
          const at = String(body['ScheduleExpression'] ?? '').match(/^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/)?.[1];
          if (!at || body['ScheduleExpressionTimezone'] !== 'UTC') return answer(400, { Message: 'only at(yyyy-mm-ddThh:mm:ss) in UTC runs locally' }, 'ValidationException');
          if (schedules.has(name)) return answer(409, { Message: `schedule ${name} exists` }, 'ConflictException');
          const input = JSON.parse(String(body['Target']?.['Input'] ?? '{}')) as unknown;
          schedules.set(name, { name, group: String(body['GroupName'] ?? 'default'), at: Date.parse(`${at}Z`), expression: String(body['ScheduleExpression']), input, afterCompletion: String(body['ActionAfterCompletion'] ?? 'NONE') });
          return answer(200, { ScheduleArn: `arn:aws:scheduler:local:000000000000:schedule/${body['GroupName'] ?? 'default'}/${name}` });
        }
        if (named && req.method === 'DELETE') {
          return schedules.delete(decodeURIComponent(named)) ? answer(200, {}) : answer(404, { Message: 'Schedule not found' }, 'ResourceNotFoundException');
        }
        if (url.pathname === '/__schedules' && req.method === 'GET') return answer(200, { schedules: [...schedules.values()] });
        if (url.pathname === '/__schedules/fire' && req.method === 'POST') {
          const schedule = schedules.get(String(body['name'] ?? ''));
          if (!schedule) return answer(404, { error: 'no such schedule' });
          const results = await Promise.all(Array.from({ length: Number(body['times'] ?? 1) }, () => target.handler(schedule.input)));
          if (schedule.afterCompletion === 'DELETE') schedules.delete(schedule.name);
          return answer(200, { results });
        }
        answer(404, { Message: 'unknown route' }, 'ResourceNotFoundException');
      })().catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: (error as Error).message }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
