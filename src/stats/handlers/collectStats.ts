import type { ScheduledEvent } from 'aws-lambda';
import { collectDue } from '../collector';

// The function has 2 minutes: stop taking accounts after 90 s, the next run goes on.
export const handler = async (_event: ScheduledEvent) => collectDue(Date.now(), 90_000);
