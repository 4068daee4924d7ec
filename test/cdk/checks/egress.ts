import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { fireSendFunction, routeList, scheduled, workers } from '../../../lib/routes';
import type { SocialinzenStack } from '../../../lib/socialinzen-stack';
import { deployedStack } from '../deployed-stack';
import { pinnedStatefulIds } from '../stateful-ids';

/**
 * Fixed outbound IPs for the functions that call WeChat (issue 10 item 5; issue 29: one NAT
 * gateway by default): a VPC whose NAT gateway holds our first Elastic IP, only the WeChat-calling
 * functions in its private subnets, the IP as an output (the deployed stack). The other egress
 * options, one synthesis each: test/cdk/egress-options.test.ts. Bundling skipped.
 */
let on: { stack: SocialinzenStack; template: Template };
beforeAll(() => {
  on = deployedStack();
}, 240_000);

type Resource = { Type: string; Properties: Record<string, any> };
const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

const wechatIds = new Set<string>([
  ...routeList.filter((r) => r.access.wechat).map((r) => r.id),
  ...Object.entries(scheduled).filter(([, s]) => s.access.wechat).map(([id]) => id),
  ...Object.entries(workers).filter(([, w]) => w.access.wechat).map(([id]) => id),
  // The firing of scheduled sends calls WeChat (freepublish/submit, sendall) like the routes that send now.
  ...(fireSendFunction.access.wechat ? ['fireSend'] : []),
]);

describe('fixed egress for the functions that call WeChat', () => {
  it('builds a VPC with one NAT gateway by default, holding the first Elastic IP (its pinned id) the stack outputs', () => {
    const { template } = on;
    const eips = resourcesOf(template, 'AWS::EC2::EIP');
    const nats = resourcesOf(template, 'AWS::EC2::NatGateway');
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;
    const firstIp = Object.keys(pinnedStatefulIds).find((id) => id.startsWith('WechatEgressIp1'))!;

    expect(resourcesOf(template, 'AWS::EC2::VPC')).toHaveLength(1);
    expect(eips.map(([id]) => id)).toEqual([firstIp]);
    expect(nats.map(([, n]) => n.Properties['AllocationId'])).toEqual([{ 'Fn::GetAtt': [firstIp, 'AllocationId'] }]);
    expect(outputs['EgressIp1']?.Value).toEqual({ 'Fn::GetAtt': [firstIp, 'PublicIp'] });
    expect(outputs['EgressIp1']?.Description).toMatch(/whitelist/);
    expect(outputs['EgressIp2']).toBeUndefined();
  });

  it('sends both private subnets (both zones) through that one gateway', () => {
    const [[natId]] = resourcesOf(on.template, 'AWS::EC2::NatGateway') as [[string, Resource]];
    const defaultRoutes = resourcesOf(on.template, 'AWS::EC2::Route').filter(([id]) => /wechatSubnet\dDefaultRoute/.test(id));

    expect(defaultRoutes).toHaveLength(2);
    for (const [, route] of defaultRoutes) expect(route.Properties['NatGatewayId']).toEqual({ Ref: natId });
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

  it('reaches DynamoDB and S3 through gateway endpoints, not the NAT, and builds no interface endpoint unless asked', () => {
    const endpoints = resourcesOf(on.template, 'AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties);

    expect(endpoints.every((e) => e['VpcEndpointType'] === 'Gateway')).toBe(true);
    expect(JSON.stringify(endpoints.map((e) => e['ServiceName']))).toMatch(/dynamodb.*s3|s3.*dynamodb/);
  });
});
