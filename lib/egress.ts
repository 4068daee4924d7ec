import { CfnOutput, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Fixed outbound addresses for the functions that call WeChat. WeChat answers the third-party
 * platform's component APIs only from IPs on the platform's whitelist (61004), and an account's
 * `token`/`stable_token` only from the account's own whitelist (40164); Lambda's own outbound IPs
 * change. So those functions run in private subnets and leave through NAT gateways with Elastic
 * IPs (one per AZ), which are stack outputs for ops to whitelist (README "Caller IPs").
 * DynamoDB and S3 are reached through gateway endpoints (free, and off the NAT's per-GB charge).
 */
export interface FixedEgressProps {
  /** Availability zones, each with its own NAT gateway and Elastic IP (default 2). */
  readonly zones?: number;
}

export class FixedEgress extends Construct {
  readonly vpc: ec2.Vpc;
  readonly addresses: ec2.CfnEIP[];
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: FixedEgressProps = {}) {
    super(scope, id);
    const zones = props.zones ?? 2;
    this.addresses = Array.from({ length: zones }, (_, i) => {
      const eip = new ec2.CfnEIP(this, `Ip${i + 1}`, { domain: 'vpc' });
      Tags.of(eip).add('Name', `socialinzen-wechat-egress-${i + 1}`);
      return eip;
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: zones,
      natGateways: zones,
      natGatewayProvider: ec2.NatProvider.gateway({ eipAllocationIds: this.addresses.map((a) => a.attrAllocationId) }),
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'wechat', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: {
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    // Flow logs: what left through our whitelisted addresses, for a review or an incident.
    this.vpc.addFlowLog('FlowLogs', {
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogGroup', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      ),
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'socialinzen functions that call WeChat: outbound only',
      allowAllOutbound: true,
    });
    this.addresses.forEach((address, i) => {
      new CfnOutput(scope, `EgressIp${i + 1}`, {
        value: address.attrPublicIp,
        description: "Outbound IP of the functions that call WeChat: add it to the third-party platform's and each direct-mode account's IP whitelist",
      });
    });
  }

  /** Where a WeChat-calling function runs: the private subnets, behind the NAT gateways. */
  get placement() {
    return {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
    };
  }
}
