import type { ScheduledEvent } from 'aws-lambda';
import { pollPublishes } from '../poll';

export const handler = async (_event: ScheduledEvent) => pollPublishes();
