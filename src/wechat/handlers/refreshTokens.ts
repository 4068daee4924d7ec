import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../core/http/logger';
import { refreshExpiringTokens } from '../refresh-tokens';

/** EventBridge schedule (see `scheduled` in lib/routes.ts). */
export const handler = async (_event: ScheduledEvent) => {
  const report = await refreshExpiringTokens();
  logger.info('token refresh', {
    refreshed: report.refreshed.length,
    skipped: report.skipped.length,
    failed: report.failed.length,
  });
  return report;
};
