/** The WeChat area's scheduled functions: the token lifecycle every other area relies on. */
import type { ScheduledDefinition } from '../core/route';

export const scheduled = {
  refreshTokens: {
    handler: 'src/wechat/handlers/refreshTokens.ts',
    schedule: 'rate(5 minutes)',
    // One run at a time: retries of a failing run must not pile up on WeChat's token endpoints.
    reservedConcurrency: 1,
    access: { table: 'write', entities: ['ACCOUNT', 'TOKEN', 'COMPONENT'], wechat: true },
    summary: 'Refresh WeChat tokens and tickets that expire within the next 15 minutes',
  },
} as const satisfies Record<string, ScheduledDefinition>;
