import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScheduledEvent } from 'aws-lambda';
import { scheduled, type ScheduledDefinition } from '../lib/routes';
import { parseCron } from './cron';

/** EventBridge stand-in: runs each scheduled function of the route table at its rate or cron time. */
const rateMs = (expression: string): number => {
  const match = expression.match(/^rate\((\d+) (minute|minutes|hour|hours)\)$/);
  if (!match) throw new Error(`unsupported schedule ${expression} (only rate(N minutes|hours) and cron(...) run locally)`);
  return Number(match[1]) * (match[2]!.startsWith('hour') ? 3_600_000 : 60_000);
};

/** When each scheduled function runs next (epoch ms), as the scheduler has planned it. */
export type SchedulePlan = Record<string, { expression: string; next: number | undefined }>;

export interface Scheduler {
  (): Promise<void>;
  /** The next run of every scheduled function: cron entries at their computed time, rate ones a period after the last. */
  plan(): SchedulePlan;
}

export interface SchedulerOptions {
  /**
   * Run `cron(...)` entries (default true). The test stack turns them off: a collector run at
   * 08:00–12:00 Beijing time would add WeChat calls to the collector tests' exact counts; its plan is
   * still computed and shown by `plan()`.
   */
  cron?: boolean;
  /** The entries to run (default: the route table's `scheduled`); tests hand their own. */
  entries?: Readonly<Record<string, Pick<ScheduledDefinition, 'handler' | 'schedule'>>>;
}

// setTimeout holds at most 2^31-1 ms (~24.8 days): a later cron time is reached in hops.
const maxTimeoutMs = 2_147_483_647;

export const startScheduler = async (root: string, options: SchedulerOptions = {}): Promise<Scheduler> => {
  const timers = new Set<NodeJS.Timeout>();
  const plan: SchedulePlan = {};
  let stopped = false;
  for (const [name, entry] of Object.entries(options.entries ?? scheduled)) {
    const cron = entry.schedule.startsWith('cron(') ? parseCron(entry.schedule) : undefined;
    const period = cron ? undefined : rateMs(entry.schedule);
    const load = async () =>
      (await import(pathToFileURL(join(root, entry.handler)).href)) as { handler: (event: ScheduledEvent) => Promise<unknown> };
    const module = cron && options.cron === false ? undefined : await load();
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
      module?.handler(event).catch((error) => console.error(`[scheduler] ${name} failed:`, error));
    };
    if (period !== undefined) {
      plan[name] = { expression: entry.schedule, next: Date.now() + period };
      const timer = setInterval(() => {
        plan[name]!.next = Date.now() + period;
        run();
      }, period);
      timer.unref();
      timers.add(timer);
      continue;
    }
    // A cron entry: wait for its next minute, run, plan the one after (EventBridge rules are UTC).
    const arm = (after: number) => {
      const next = cron!.next(new Date(after))?.getTime();
      plan[name] = { expression: entry.schedule, next };
      if (next === undefined || stopped || !module) return;
      const wait = (): void => {
        const delay = next - Date.now();
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (stopped) return;
          if (delay > maxTimeoutMs) return wait();
          run();
          arm(next);
        }, Math.min(Math.max(delay, 0), maxTimeoutMs));
        timer.unref();
        timers.add(timer);
      };
      wait();
    };
    arm(Date.now());
  }
  const stop = async () => {
    stopped = true;
    timers.forEach((t) => clearTimeout(t));
    timers.clear();
  };
  return Object.assign(stop, { plan: () => structuredClone(plan) });
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
