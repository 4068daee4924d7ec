import type { ScheduledEvent } from 'aws-lambda';
import { checkAppsecret } from '../appsecret-check';
import { runDueTransfers } from '../transfers';

/**
 * The sweep of due AppSecret transfers. Its clock is the event's `time` (EventBridge's scheduled
 * time): a run late by a minute still acts as of its schedule, and a test can run it as of tomorrow.
 */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const now = Date.parse(event.time);
  return { outcomes: await runDueTransfers(Number.isNaN(now) ? Date.now() : now, checkAppsecret) };
};
