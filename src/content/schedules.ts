import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';

/**
 * One-time schedules of sends (EventBridge Scheduler): `at(...)` in UTC, deleted by the scheduler
 * once it has fired (ActionAfterCompletion DELETE), targeting the firing function with
 * `{appid, sendId}`. The stack sets the group, the target and the role the scheduler assumes
 * (lib/content-schedules.ts); locally SCHEDULER_ENDPOINT points at the scheduler stand-in
 * (local/send-scheduler.ts), which fires the same handler.
 */
let client: SchedulerClient | undefined;
const scheduler = () =>
  (client ??= new SchedulerClient(process.env['SCHEDULER_ENDPOINT'] ? { endpoint: process.env['SCHEDULER_ENDPOINT'] } : {}));

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

export const scheduleName = (sendId: string) => `send-${sendId}`;

/** What the firing function receives. */
export interface FireSendEvent {
  appid: string;
  sendId: string;
}

export const scheduleSend = async (appid: string, sendId: string, at: Date): Promise<void> => {
  await scheduler().send(
    new CreateScheduleCommand({
      Name: scheduleName(sendId),
      GroupName: env('SEND_SCHEDULE_GROUP'),
      ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: env('SEND_FIRE_TARGET_ARN'),
        RoleArn: env('SEND_SCHEDULER_ROLE_ARN'),
        Input: JSON.stringify({ appid, sendId } satisfies FireSendEvent),
        // The firing is idempotent (a conditional change): a retry after a failed invocation is safe.
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    }),
  );
};

/** Removes a cancelled send's schedule; one already gone (fired, deleted) is fine. */
export const unscheduleSend = async (sendId: string): Promise<void> => {
  await scheduler()
    .send(new DeleteScheduleCommand({ Name: scheduleName(sendId), GroupName: env('SEND_SCHEDULE_GROUP') }))
    .catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    });
};
