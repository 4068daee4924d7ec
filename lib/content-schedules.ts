import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { ApiFunction } from './api-function';

/**
 * Scheduled sends (src/content/schedules.ts): a schedule group for their one-time schedules and the
 * role EventBridge Scheduler assumes to invoke the firing function. Which functions may make and
 * delete those schedules is not wired here: a function whose access declares `schedules`
 * (src/core/route.ts) is {@link allow}ed by the area stack, like its table, mail or queue grants;
 * only in that group, only schedules named send-*, passing only that role to the scheduler.
 */
export class ContentSchedules extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly invokeRole: iam.Role;
  private readonly senders: ApiFunction[] = [];
  private fire?: ApiFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', {});
    this.invokeRole = new iam.Role(this, 'InvokeRole', {
      description: 'EventBridge Scheduler invokes the firing function of scheduled sends',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
  }

  /** The grants and variables of a function whose access declares `schedules`. */
  allow(sender: ApiFunction): void {
    const stack = Stack.of(this);
    const schedules = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.ref}/send-*` });
    sender.fn.addEnvironment('SEND_SCHEDULE_GROUP', this.group.ref);
    sender.fn.addEnvironment('SEND_SCHEDULER_ROLE_ARN', this.invokeRole.roleArn);
    sender.fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'SendSchedules', actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [schedules] }));
    sender.fn.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'PassTheInvokeRole', actions: ['iam:PassRole'], resources: [this.invokeRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
    );
    this.senders.push(sender);
    if (this.fire) sender.fn.addEnvironment('SEND_FIRE_TARGET_ARN', this.fire.fn.functionArn);
  }

  /** The function the schedules invoke (built after some senders: each gets its ARN). */
  firedBy(fire: ApiFunction): void {
    if (this.fire) throw new Error(`${this.node.path}: the firing function is set once`);
    this.fire = fire;
    // The function itself, not its versions (`:*`): schedules invoke the unqualified ARN.
    this.invokeRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fire.fn.functionArn] }));
    for (const sender of this.senders) sender.fn.addEnvironment('SEND_FIRE_TARGET_ARN', fire.fn.functionArn);
  }
}
