import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiFunction } from '../../../lib/api-function';
import { FunctionRoles } from '../../../lib/function-roles';
import { cdkContext } from '../app-context';

/**
 * lib/function-roles.ts on a stack of its own: functions share a role exactly when everything they
 * were granted is equal, including what CDK grants on its own (an SQS grant here), and a grant that
 * comes too late fails loudly instead of going unseen. Bundling skipped.
 */
const build = () => {
  const app = new App({ context: cdkContext });
  const stack = new Stack(app, 'Roles', { env: { account: '123456789012', region: 'eu-west-1' } });
  const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const queue = new sqs.Queue(stack, 'Queue');
  const roles = new FunctionRoles(stack, 'FunctionRoles');
  const fn = (id: string) =>
    new ApiFunction(stack, id, {
      entry: 'src/users/handlers/me.ts',
      projectRoot: resolve(import.meta.dirname, '../../..'),
      description: id,
      logRetention: RetentionDays.ONE_WEEK,
      roles,
    }).bindTable(table, { table: 'read', entities: ['USER'] });
  return { stack, queue, roles, fn };
};

type Resource = { Type: string; Properties: Record<string, any> };
const statementsOfRole = (template: Template, roleId: string): any[] =>
  (template.toJSON().Resources[roleId] as Resource).Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);

describe('roles shared by equal grants (lib/function-roles.ts)', () => {
  it('gives functions granted the same one role, and one granted more a role of its own', () => {
    // Prepare
    const { stack, queue, roles, fn } = build();
    const [a, b, c] = [fn('A'), fn('B'), fn('C')];
    queue.grantSendMessages(c.fn);

    // Act
    roles.build();
    const template = Template.fromStack(stack);
    const roleOf = (f: ApiFunction) =>
      template.toJSON().Resources[stack.getLogicalId(f.fn.node.defaultChild as never)].Properties.Role['Fn::GetAtt'][0] as string;

    // Assess
    expect(roleOf(a)).toBe(roleOf(b));
    expect(roleOf(c)).not.toBe(roleOf(a));
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    expect(JSON.stringify(statementsOfRole(template, roleOf(a)))).not.toContain('sqs:');
    expect(JSON.stringify(statementsOfRole(template, roleOf(c)))).toContain('sqs:SendMessage');
    expect(Object.values(roles.sharing).map((users) => users.length).sort()).toEqual([1, 2]);
  });

  it('refuses a grant made after the roles are made, and a function added after', () => {
    const { roles, fn } = build();
    const a = fn('A');
    roles.build();

    expect(() => a.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }))).toThrow(
      /granted after the shared roles were made/,
    );
    expect(() => fn('Late')).toThrow(/added after the shared roles were made/);
  });

  it('fails the synthesis when the roles were never made', () => {
    const { stack, fn } = build();
    fn('A');

    expect(() => Template.fromStack(stack)).toThrow(/shared roles were never made/);
  });
});
