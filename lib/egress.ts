import { CfnOutput, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Fixed outbound addresses for the functions that call WeChat. WeChat answers the third-party
 * platform's component APIs only from IPs on the platform's whitelist (61004), and an account's
 * `token`/`stable_token` only from the account's own whitelist (40164); Lambda's own outbound IPs
 * change. So those functions run in private subnets and leave through NAT with Elastic IPs, which
 * are stack outputs for ops to whitelist (docs/operations.md "Caller IPs").
 * DynamoDB and S3 are reached through gateway endpoints (free, and off the NAT's per-GB charge).
 *
 * How the NAT is paid for is an option (docs/costs.md): one NAT gateway (the default), a NAT
 * instance, or two NAT gateways (one per zone: a zone's outage leaves the other's address). The
 * first Elastic IP keeps its logical id in every option (test/cdk/stateful-ids.ts), so moving
 * between them keeps the address WeChat whitelisted.
 */
export const egressModes = ['natGateway', 'natInstance', 'twoNatGateways', 'none'] as const;
export type EgressMode = (typeof egressModes)[number];

/** The services an interface endpoint can carry off the NAT (`-c interfaceEndpoints=true`). */
export const endpointServices = {
  kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  secretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
  // The SES API (`email`), not SMTP: the functions send with the SDK.
  ses: ec2.InterfaceVpcEndpointAwsService.EMAIL,
} as const;
export type EndpointService = keyof typeof endpointServices;

export interface FixedEgressProps {
  /** How the private subnets reach the internet; never `none` (then no FixedEgress is built). */
  readonly mode: Exclude<EgressMode, 'none'>;
}

/** The NAT instance: the smallest Graviton type is plenty for API calls to WeChat (a few KB each). */
const natInstanceType = ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.NANO);

export class FixedEgress extends Construct {
  readonly vpc: ec2.Vpc;
  readonly addresses: ec2.CfnEIP[];
  readonly securityGroup: ec2.SecurityGroup;
  readonly mode: FixedEgressProps['mode'];
  /** The NAT instance provider (mode `natInstance`): its instance and security group. */
  readonly natInstances?: ec2.NatInstanceProviderV2;
  readonly interfaceEndpoints: Partial<Record<EndpointService, ec2.InterfaceVpcEndpoint>> = {};

  constructor(scope: Construct, id: string, props: FixedEgressProps) {
    super(scope, id);
    this.mode = props.mode;
    const natGateways = props.mode === 'twoNatGateways' ? 2 : 1;
    // Ip1 in every option, Ip2 only with two gateways: their ids are pinned (test/cdk/stateful-ids.ts).
    this.addresses = Array.from({ length: natGateways }, (_, i) => {
      const eip = new ec2.CfnEIP(this, `Ip${i + 1}`, { domain: 'vpc' });
      Tags.of(eip).add('Name', `socialinzen-wechat-egress-${i + 1}`);
      return eip;
    });
    if (props.mode === 'natInstance') {
      // Outbound only from the instance; inbound only from inside the VPC (the functions).
      this.natInstances = ec2.NatProvider.instanceV2({
        instanceType: natInstanceType,
        defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
      });
    }
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      // Two zones in every option: Lambda runs the functions in both private subnets, whichever
      // zone holds the NAT (a zone's outage then costs only the NAT's zone, not the functions').
      maxAzs: 2,
      natGateways,
      natGatewayProvider:
        this.natInstances ?? ec2.NatProvider.gateway({ eipAllocationIds: this.addresses.map((a) => a.attrAllocationId) }),
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'wechat', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: {
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'socialinzen functions that call WeChat: outbound only',
      allowAllOutbound: true,
    });
    if (this.natInstances) {
      // Only the functions may send through the instance (nothing from the internet, not even the VPC at large).
      this.natInstances.securityGroup.addIngressRule(this.securityGroup, ec2.Port.allTraffic(), 'the functions that call WeChat');
      const [instance] = this.natInstances.gatewayInstances;
      // The instance's own public IP would change whenever CloudFormation replaces it (a new AMI,
      // a new type); the association moves the whitelisted address to the new instance instead.
      new ec2.CfnEIPAssociation(this, 'Ip1Association', { allocationId: this.addresses[0]!.attrAllocationId, instanceId: instance!.instanceId });
      // Encrypted root volume (cdk-nag EC26): the instance keeps nothing, but nothing unencrypted either.
      (instance!.node.defaultChild as ec2.CfnInstance).blockDeviceMappings = [
        { deviceName: '/dev/xvda', ebs: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true } },
      ];
    }
    // Flow logs: what left through our whitelisted addresses, for a review or an incident.
    this.vpc.addFlowLog('FlowLogs', {
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogGroup', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      ),
    });
    this.addresses.forEach((address, i) => {
      new CfnOutput(scope, `EgressIp${i + 1}`, {
        value: address.attrPublicIp,
        description: "Outbound IP of the functions that call WeChat: add it to the third-party platform's and each direct-mode account's IP whitelist",
      });
    });
  }

  /**
   * Interface endpoints in the private subnets for the AWS services the functions in the VPC call,
   * so those calls skip the NAT (private DNS: the SDK's usual host names resolve to them).
   * Each costs a fixed hourly fee per zone (docs/costs.md): an option, not the default.
   */
  addInterfaceEndpoints(services: readonly EndpointService[]): void {
    const endpointGroup = new ec2.SecurityGroup(this, 'Endpoints', {
      vpc: this.vpc,
      description: 'socialinzen interface endpoints: HTTPS from the functions that call WeChat',
      allowAllOutbound: false,
    });
    endpointGroup.addIngressRule(this.securityGroup, ec2.Port.tcp(443), 'the functions in the private subnets');
    for (const service of services) {
      this.interfaceEndpoints[service] = this.vpc.addInterfaceEndpoint(`${service[0]!.toUpperCase()}${service.slice(1)}Endpoint`, {
        service: endpointServices[service],
        privateDnsEnabled: true,
        // Not open to the whole VPC: only the functions' group, on 443 (below).
        open: false,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [endpointGroup],
      });
    }
  }

  /** Where a WeChat-calling function runs: the private subnets, behind the NAT. */
  get placement() {
    return {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
    };
  }
}
