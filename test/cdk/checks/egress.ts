import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList, scheduled, workers } from '../../../lib/routes';
import { SocialinzenStack } from '../../../lib/socialinzen-stack';
import { cdkContext } from '../app-context';
import { deployedStack, deployedStackProps } from '../deployed-stack';
import { flatten, synthTemplates } from '../templates';

/**
 * Fixed outbound IPs for the functions that call WeChat (issue 10 item 5): a VPC whose NAT gateways
 * hold our Elastic IPs, only the WeChat-calling functions in its private subnets, the IPs as
 * outputs (the deployed stack: on by default); and the context switch that turns it off (a stack
 * of its own). Bundling skipped.
 */
let on: { stack: SocialinzenStack; template: Template };
let off: { stack: SocialinzenStack; template: Template };
beforeAll(() => {
  on = deployedStack();
  const app = new App({ context: cdkContext });
  const stack = new SocialinzenStack(app, 'Egress', { ...deployedStackProps, fixedEgress: false });
  off = { stack, template: Template.fromJSON(flatten(synthTemplates(app, stack))) };
}, 240_000);

type Resource = { Type: string; Properties: Record<string, any> };
const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

const wechatIds = new Set<string>([
  ...routeList.filter((r) => r.access.wechat).map((r) => r.id),
  ...Object.entries(scheduled).filter(([, s]) => s.access.wechat).map(([id]) => id),
  ...Object.entries(workers).filter(([, w]) => w.access.wechat).map(([id]) => id),
]);

describe('fixed egress for the functions that call WeChat', () => {
  it('builds a VPC whose NAT gateways use the Elastic IPs the stack outputs', () => {
    const { template } = on;
    const eips = resourcesOf(template, 'AWS::EC2::EIP');
    const nats = resourcesOf(template, 'AWS::EC2::NatGateway');
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;

    expect(resourcesOf(template, 'AWS::EC2::VPC')).toHaveLength(1);
    expect(eips).toHaveLength(2);
    expect(nats).toHaveLength(2);
    expect(nats.map(([, n]) => n.Properties['AllocationId'])).toEqual(
      expect.arrayContaining(eips.map(([id]) => ({ 'Fn::GetAtt': [id, 'AllocationId'] }))),
    );
    expect(outputs['EgressIp1']?.Value).toEqual({ 'Fn::GetAtt': [eips[0]![0], 'PublicIp'] });
    expect(outputs['EgressIp2']?.Value).toEqual({ 'Fn::GetAtt': [eips[1]![0], 'PublicIp'] });
    expect(outputs['EgressIp1']?.Description).toMatch(/whitelist/);
  });

  it('puts exactly the WeChat-calling functions in the private subnets, and no other', () => {
    const { stack, template } = on;
    const privateSubnets = resourcesOf(template, 'AWS::EC2::Subnet')
      .filter(([, s]) => (s.Properties['Tags'] as { Key: string; Value: string }[]).some((t) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Private'))
      .map(([id]) => ({ Ref: id }));
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    const byId = Object.entries(stack.functions).map(([id, fn]) => ({ id, logicalId: stack.getLogicalId(fn.fn.node.defaultChild as never) }));

    expect(privateSubnets).toHaveLength(2);
    expect(wechatIds.size).toBeGreaterThan(10);
    for (const { id, logicalId } of byId) {
      const fn = functions.find(([fid]) => fid === logicalId)![1];
      if (wechatIds.has(id)) {
        expect(fn.Properties['VpcConfig']?.SubnetIds, id).toEqual(privateSubnets);
      } else {
        expect(fn.Properties['VpcConfig'], id).toBeUndefined();
      }
    }
  });

  it('reaches DynamoDB and S3 through gateway endpoints, not the NAT', () => {
    const endpoints = resourcesOf(on.template, 'AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties);

    expect(endpoints.every((e) => e['VpcEndpointType'] === 'Gateway')).toBe(true);
    expect(JSON.stringify(endpoints.map((e) => e['ServiceName']))).toMatch(/dynamodb.*s3|s3.*dynamodb/);
  });

  it('builds none of it when turned off (fixedEgress: false)', () => {
    const { template } = off;

    expect(resourcesOf(template, 'AWS::EC2::VPC')).toEqual([]);
    expect(resourcesOf(template, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(resourcesOf(template, 'AWS::Lambda::Function').filter(([, f]) => f.Properties['VpcConfig'])).toEqual([]);
    expect(Object.keys(template.toJSON().Outputs)).not.toContain('EgressIp1');
  });
});
