import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EgressMode } from '../../lib/egress';
import { acknowledgeNagFindings, nagAcknowledgements } from '../../lib/nag-suppressions';
import { SocialinzenStack } from '../../lib/socialinzen-stack';
import { cdkContext } from './app-context';
import { deployedStackProps } from './deployed-stack';
import { pinnedStatefulIds, pinViolations } from './stateful-ids';
import { flatten, readTemplates, type CfnTemplate, type StackTemplates } from './templates';

/**
 * The egress options other than the default one NAT gateway (checks/egress.ts reads that one from
 * the deployed stack): one synthesis per option, each built once for this file (bundling skipped).
 * The NAT instance is synthesized with cdk-nag as bin/app.ts runs it, since `cdk deploy -c
 * egress=natInstance` fails on a finding; two NAT gateways carry the interface endpoints too, and
 * `none` reserved concurrency turned on.
 */
type Built = { stack: SocialinzenStack; templates: StackTemplates; flat: CfnTemplate; violations: string[]; unmatched: string[]; synthError: unknown };
const dirs: string[] = [];
const build = (egress: EgressMode, extra: { interfaceEndpoints?: boolean; reservedConcurrency?: boolean; nag?: boolean } = {}): Built => {
  const outdir = mkdtempSync(join(tmpdir(), `socialinzen-egress-${egress}-`));
  dirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkContext, '@aws-cdk/core:validationReportJson': true } });
  const stack = new SocialinzenStack(app, `Egress${egress}`, { ...deployedStackProps, egress, ...(extra.interfaceEndpoints ? { interfaceEndpoints: true } : {}), ...(extra.reservedConcurrency ? { reservedConcurrency: true } : {}) });
  let unmatched: string[] = [];
  if (extra.nag) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    unmatched = acknowledgeNagFindings(stack, nagAcknowledgements.map(({ onlyWith: _, ...ack }) => ack));
  }
  let synthError: unknown;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  const templates = readTemplates(stack, outdir);
  const violations = extra.nag
    ? (JSON.parse(readFileSync(join(outdir, 'policy-validation-report.json'), 'utf8')).pluginReports as any[]).flatMap((p) =>
        p.violations.flatMap((v: any) => v.violatingResources.map((r: any) => `${v.ruleName} ${r.constructPath}`)),
      )
    : [];
  return { stack, templates, flat: flatten(templates), violations, unmatched, synthError };
};

let natInstance: Built;
let twoGateways: Built;
let none: Built;
beforeAll(() => {
  natInstance = build('natInstance', { nag: true });
  twoGateways = build('twoNatGateways', { interfaceEndpoints: true });
  // `none` also carries reserved concurrency turned on (-c reservedConcurrency=true): one synthesis less.
  none = build('none', { reservedConcurrency: true });
}, 600_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, any> };
const resourcesOf = (template: CfnTemplate, type: string) =>
  Object.entries(template.Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const firstIp = Object.keys(pinnedStatefulIds).find((id) => id.startsWith('WechatEgressIp1'))!;
const secondIp = Object.keys(pinnedStatefulIds).find((id) => id.startsWith('WechatEgressIp2'))!;

describe('egress option natInstance (NatProvider.instanceV2)', () => {
  it('runs one NAT instance holding the first Elastic IP, under its pinned id, through an association', () => {
    const { flat } = natInstance;
    const [[instanceId, instance]] = resourcesOf(flat, 'AWS::EC2::Instance') as [[string, Resource]];

    expect(resourcesOf(flat, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(resourcesOf(flat, 'AWS::EC2::EIP').map(([id]) => id)).toEqual([firstIp]);
    expect(resourcesOf(flat, 'AWS::EC2::EIPAssociation').map(([, a]) => a.Properties)).toEqual([
      { AllocationId: { 'Fn::GetAtt': [firstIp, 'AllocationId'] }, InstanceId: { Ref: instanceId } },
    ]);
    expect(instance.Properties['SourceDestCheck']).toBe(false);
    expect(instance.Properties['InstanceType']).toBe('t4g.nano');
    expect(instance.Properties['BlockDeviceMappings'][0].Ebs.Encrypted).toBe(true);
    expect(flat.Outputs?.['EgressIp1']?.Value).toEqual({ 'Fn::GetAtt': [firstIp, 'PublicIp'] });
  });

  it('routes both private subnets through the instance, and lets in only the functions', () => {
    const { flat } = natInstance;
    const [[instanceId]] = resourcesOf(flat, 'AWS::EC2::Instance') as [[string, Resource]];
    const defaultRoutes = resourcesOf(flat, 'AWS::EC2::Route').filter(([id]) => /wechatSubnet\dDefaultRoute/.test(id));

    expect(defaultRoutes).toHaveLength(2);
    for (const [, route] of defaultRoutes) expect(route.Properties['InstanceId']).toEqual({ Ref: instanceId });
    const natGroup = resourcesOf(flat, 'AWS::EC2::SecurityGroup').find(([, g]) => g.Properties['GroupDescription'] === 'Security Group for NAT instances')![1];
    const natGroupId = resourcesOf(flat, 'AWS::EC2::SecurityGroup').find(([, g]) => g === natGroup)![0];
    const ingress = [
      ...(natGroup.Properties['SecurityGroupIngress'] ?? []),
      ...resourcesOf(flat, 'AWS::EC2::SecurityGroupIngress').filter(([, i]) => JSON.stringify(i.Properties['GroupId']).includes(natGroupId)).map(([, i]) => i.Properties),
    ];
    const functionsGroup = resourcesOf(flat, 'AWS::EC2::SecurityGroup').find(([, g]) => /functions that call WeChat: outbound only/.test(g.Properties['GroupDescription']))![0];
    expect(ingress).toEqual([expect.objectContaining({ IpProtocol: '-1', SourceSecurityGroupId: { 'Fn::GetAtt': [functionsGroup, 'GroupId'] } })]);
  });

  it('passes cdk-nag as bin/app.ts runs it (its own acknowledgements matching), and keeps the pins', () => {
    expect(natInstance.violations).toEqual([]);
    // Every acknowledgement, the option's own included, matches something in this stack.
    expect(natInstance.unmatched).toEqual([]);
    expect(natInstance.synthError).toBeUndefined();
    expect(pinViolations(natInstance.templates.root, natInstance.templates.nested.map((n) => n.template), { egress: 'natInstance' })).toEqual([]);
  });
});

describe('egress option twoNatGateways, with interface endpoints', () => {
  it('runs a NAT gateway per zone, each with its Elastic IP under the pinned ids, both IPs as outputs', () => {
    const { flat, templates } = twoGateways;
    const nats = resourcesOf(flat, 'AWS::EC2::NatGateway');

    expect(nats.map(([, n]) => n.Properties['AllocationId']).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { 'Fn::GetAtt': [firstIp, 'AllocationId'] },
      { 'Fn::GetAtt': [secondIp, 'AllocationId'] },
    ]);
    expect(flat.Outputs?.['EgressIp2']?.Value).toEqual({ 'Fn::GetAtt': [secondIp, 'PublicIp'] });
    expect(pinViolations(templates.root, templates.nested.map((n) => n.template), { egress: 'twoNatGateways' })).toEqual([]);
  });

  it('adds interface endpoints, private DNS on, for the services the functions in the VPC call (KMS, Secrets Manager, SQS, and SES since the authorization event mails previous owners), HTTPS from them only', () => {
    const { flat } = twoGateways;
    const endpoints = resourcesOf(flat, 'AWS::EC2::VPCEndpoint').filter(([, e]) => e.Properties['VpcEndpointType'] === 'Interface');
    const services = endpoints.map(([, e]) => JSON.stringify(e.Properties['ServiceName']).match(/\.(kms|secretsmanager|sqs|email)"/)?.[1]).sort();

    expect(services).toEqual(['email', 'kms', 'secretsmanager', 'sqs']);
    for (const [, e] of endpoints) {
      expect(e.Properties['PrivateDnsEnabled']).toBe(true);
      expect(e.Properties['SubnetIds']).toHaveLength(2);
    }
    const group = resourcesOf(flat, 'AWS::EC2::SecurityGroup').find(([, g]) => /interface endpoints/.test(g.Properties['GroupDescription']))!;
    const ingress = [...(group[1].Properties['SecurityGroupIngress'] ?? []), ...resourcesOf(flat, 'AWS::EC2::SecurityGroupIngress').filter(([, i]) => JSON.stringify(i.Properties['GroupId']).includes(group[0])).map(([, i]) => i.Properties)];
    const functionsGroup = resourcesOf(flat, 'AWS::EC2::SecurityGroup').find(([, g]) => /functions that call WeChat: outbound only/.test(g.Properties['GroupDescription']))![0];
    expect(ingress).toEqual([expect.objectContaining({ FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [functionsGroup, 'GroupId'] } })]);
  });
});

describe('egress option none', () => {
  it('builds no VPC, NAT or address, and keeps every function outside a VPC', () => {
    const { flat, templates } = none;

    expect(resourcesOf(flat, 'AWS::EC2::VPC')).toEqual([]);
    expect(resourcesOf(flat, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(resourcesOf(flat, 'AWS::EC2::EIP')).toEqual([]);
    expect(resourcesOf(flat, 'AWS::Lambda::Function').filter(([, f]) => f.Properties['VpcConfig'])).toEqual([]);
    expect(Object.keys(flat.Outputs ?? {})).not.toContain('EgressIp1');
    expect(pinViolations(templates.root, templates.nested.map((n) => n.template), { egress: 'none' })).toEqual([]);
  });
});

describe('reserved concurrency turned on (-c reservedConcurrency=true)', () => {
  it('reserves the route table\'s numbers: the uploads 10 each, the scheduled refresh 1, and nothing else', () => {
    const { stack, flat } = none;
    const logicalIdOf = (id: string) => stack.getLogicalId(stack.functions[id]!.fn.node.defaultChild as never);
    const reserved = Object.fromEntries(
      resourcesOf(flat, 'AWS::Lambda::Function').filter(([, f]) => f.Properties['ReservedConcurrentExecutions'] !== undefined).map(([id, f]) => [id, f.Properties['ReservedConcurrentExecutions']]),
    );

    expect(reserved).toEqual({ [logicalIdOf('refreshTokens')]: 1, [logicalIdOf('materials.upload')]: 10, [logicalIdOf('materials.uploadVideo')]: 10 });
  });
});
