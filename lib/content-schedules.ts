import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { ApiFunction } from './api-function';

/**
 * Scheduled sends (src/content/schedules.ts): a schedule group for their one-time schedules, the
 * role EventBridge Scheduler assumes to invoke the firing function, and what the sending routes
 * need to make and delete those schedules (only in that group, only named send-*, passing only
 * that role to the scheduler).
 */
export class ContentSchedules extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly invokeRole: iam.Role;

  constructor(scope: Construct, id: string, props: { fire: ApiFunction; senders: readonly ApiFunction[] }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', {});
    this.invokeRole = new iam.Role(this, 'InvokeRole', {
      description: 'EventBridge Scheduler invokes the firing function of scheduled sends',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    // The function itself, not its versions (`:*`): schedules invoke the unqualified ARN.
    this.invokeRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.fire.fn.functionArn] }));
    const schedules = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.ref}/send-*` });
    for (const sender of props.senders) {
      sender.fn.addEnvironment('SEND_SCHEDULE_GROUP', this.group.ref);
      sender.fn.addEnvironment('SEND_FIRE_TARGET_ARN', props.fire.fn.functionArn);
      sender.fn.addEnvironment('SEND_SCHEDULER_ROLE_ARN', this.invokeRole.roleArn);
      sender.fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'SendSchedules', actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [schedules] }));
      sender.fn.addToRolePolicy(
        new iam.PolicyStatement({ sid: 'PassTheInvokeRole', actions: ['iam:PassRole'], resources: [this.invokeRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
      );
    }
  }
}
