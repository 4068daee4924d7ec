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
