import { Names, Token, Validations, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Every cdk-nag (AwsSolutions) finding this product accepts, with the reason, in one place.
 * Everything else cdk-nag reports fails `cdk synth` (bin/app.ts) and the CDK tests
 * (test/cdk/checks/operations.ts).
 *
 * Each entry names a rule (as cdk-nag prints it after "Acknowledge with", without the pack prefix)
 * and the construct paths it applies to, relative to the stack: `*` matches within one path
 * segment, `**` across segments. A pattern that matches nothing fails the test, so a stale entry
 * cannot linger. To accept a finding on a new resource, add its path here with a reason tied to
 * this product, not to convenience. `{partition}`, `{account}` and `{region}` in a rule stand for
 * the stack's, as cdk-nag prints them (the value, or `<AWS::AccountId>`… when the stack is
 * environment-agnostic: `cdk synth` without credentials), so a deploy to any account passes.
 * `{uploadBucketArn}` is the upload bucket's ARN as the functions' nested stacks receive it (a
 * parameter CDK names after the bucket's path, the stack's name included); `{sendScheduleGroup}`
 * likewise the scheduled sends' schedule group's name.
 */
export interface NagAcknowledgement {
  rule: string;
  reason: string;
  paths: string[];
  /**
   * The deploy option whose resources the entry is for (e.g. `egress=natInstance`): matching
   * nothing without that option is expected. A test synthesizes the option and checks it matches.
   */
  onlyWith?: string;
}

export const nagAcknowledgements: NagAcknowledgement[] = [
  {
    rule: 'AwsSolutions-EC28',
    onlyWith: 'egress=natInstance',
    reason:
      'The NAT instance (lib/egress.ts) is the low-cost egress option: 5-minute basic monitoring and its status checks are enough to see it down; detailed monitoring would add a fixed monthly fee to the option chosen to save one.',
    paths: ['WechatEgress/Vpc/publicSubnet*/NatInstance/Resource'],
  },
  {
    rule: 'AwsSolutions-EC29',
    onlyWith: 'egress=natInstance',
    reason:
      'CloudFormation replaces the NAT instance on purpose (a new AMI or type) and it holds no data; the whitelisted address is an Elastic IP associated by the stack, so a replacement keeps it. Termination protection would block those updates.',
    paths: ['WechatEgress/Vpc/publicSubnet*/NatInstance/Resource'],
  },
  {
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    reason:
      'The WeChat-calling functions run in the fixed-egress VPC (lib/egress.ts); this managed policy holds only the network-interface actions Lambda needs there, which take no resource-level scoping.',
    paths: ['*Area/FunctionRoles/*/Resource'],
  },
  {
    rule: 'AwsSolutions-L1',
    reason:
      "CDK's own BucketDeployment provider (it copies the built console into its bucket at deploy): its runtime is chosen by aws-cdk-lib and moves with it.",
    paths: ['Custom::CDKBucketDeployment*/Resource'],
  },
  ...[
    'AwsSolutions-IAM5[Action::s3:GetBucket*]',
    'AwsSolutions-IAM5[Action::s3:GetObject*]',
    'AwsSolutions-IAM5[Action::s3:List*]',
    'AwsSolutions-IAM5[Action::s3:Abort*]',
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-IAM5[Resource::<ConsoleFiles2D43986C.Arn>/*]',
    'AwsSolutions-IAM5[Resource::arn:{partition}:s3:::cdk-hnb659fds-assets-{account}-{region}/*]',
  ].map((rule) => ({
    rule,
    reason:
      "CDK's BucketDeployment provider role: it reads the console's build from the CDK assets bucket and replaces the console bucket's files (prune); CDK writes this policy, scoped to those two buckets.",
    paths: ['Custom::CDKBucketDeployment*/ServiceRole/DefaultPolicy/Resource'],
  })),
  {
    rule: 'AwsSolutions-S1',
    reason:
      "The console bucket holds only the console's built static files, the same for every visitor and readable only through CloudFront (origin access control); the API's own access log records every request that touches tenant data.",
    paths: ['Console/Files/Resource'],
  },
  {
    rule: 'AwsSolutions-CFR1',
    reason: "The product's users are businesses in China and their staff abroad: no country is refused by design.",
    paths: ['Console/Distribution/Resource'],
  },
  {
    rule: 'AwsSolutions-CFR2',
    reason:
      'No WAF by default (a web ACL costs a fixed monthly fee per distribution): the API sheds load with route throttles and reserved concurrency, and login/registration have their own lock-out and rate limits. Attach a web ACL for a public launch.',
    paths: ['Console/Distribution/Resource'],
  },
  {
    rule: 'AwsSolutions-CFR3',
    reason:
      "CloudFront's standard logs would need a log bucket with ACLs; the API's access log (JSON, with the request id) already records every API call through the distribution, and static files carry no tenant data.",
    paths: ['Console/Distribution/Resource'],
  },
  {
    rule: 'AwsSolutions-CFR4',
    reason:
      "Without a custom domain the distribution serves CloudFront's default certificate, whose TLS policy CloudFront fixes (CDK refuses a minimum protocol without a certificate); with a custom domain and certificate, set TLSv1.2_2021.",
    paths: ['Console/Distribution/Resource'],
  },
  {
    rule: 'AwsSolutions-APIG4',
    reason:
      'No API Gateway authorizer by design: public routes are public (WeChat pushes, login, register, OAuth landing, JSSDK signature); ' +
      'the others check the session token in the function against the session table (revocable at logout, cookie or bearer), ' +
      'which an authorizer would only duplicate with a cache that outlives a logout.',
    paths: ['*Area/*Route/Resource'],
  },
  {
    rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'AWSLambdaBasicExecutionRole only allows writing CloudWatch Logs; each function logs to its own log group. Writing the same three actions by hand adds nothing.',
    paths: ['*Area/FunctionRoles/*/Resource', 'Custom::CDKBucketDeployment*/ServiceRole/Resource'],
  },
  {
    rule: 'AwsSolutions-L1',
    reason:
      'The team pins nodejs22.x (the bundling target node22 and the tests assume it; local development runs Node 20). ' +
      'Moving to a newer runtime is a deliberate change of target, runtime and tests together.',
    paths: ['*Area/*/Function/Resource'],
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray active tracing on the WeChat-facing functions: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; ' +
      "likewise dynamodb:ListStreams, which CDK grants the record stream consumer with its event source (its stream reads are on the table's stream only).",
    paths: ['*Area/FunctionRoles/*/Resource'],
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::<{uploadBucketArn}>/staging/*]',
    reason:
      'Upload functions reach only the staging/ prefix (objects that expire after a day); the keys under it are per user and per upload, unknown in advance.',
    paths: ['MaterialsArea/FunctionRoles/Materials*/Resource'],
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::<{uploadBucketArn}>/exports/*]',
    reason:
      'Follower exports reach only the exports/ prefix (objects that expire after a day); the worker writes one object per export, the status route presigns a GET of it, named by account and export id, unknown in advance.',
    paths: ['WorkersArea/FunctionRoles/AudienceJobs/Resource', 'AudienceArea/FunctionRoles/AudienceExportStatus/Resource'],
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::<{uploadBucketArn}>/logos/*]',
    reason: 'Logo functions reach only the logos/ prefix; one object per user, named by user id (deleting an account lists and removes its own).',
    paths: [
      'UserArea/FunctionRoles/UserDeleteAccount/Resource',
      'UserArea/FunctionRoles/UserMe/Resource',
      'UserArea/FunctionRoles/UserLogo/Resource',
      'MaterialsArea/FunctionRoles/MaterialsUploadLogo/Resource',
    ],
  },
  {
    rule: 'AwsSolutions-IAM5[Resource::arn:{partition}:scheduler:{region}:{account}:schedule/<{sendScheduleGroup}>/send-*]',
    reason:
      'Scheduled sends (issue 25): each send gets its own one-time schedule, named send-<sendId> when it is scheduled, so the sending routes ' +
      'may create and delete only schedules of that name pattern, only in the product\'s own schedule group (lib/content-schedules.ts).',
    // publish and massSend share one role (the same grants: lib/function-roles.ts), named after publish.
    paths: ['ContentArea/FunctionRoles/ContentPublish/Resource', 'ContentArea/FunctionRoles/ContentCancelSend/Resource'],
  },
  {
    rule: 'AwsSolutions-SMG4',
    reason:
      'The component secret holds the WeChat third-party platform\'s appsecret, message token and EncodingAESKey: WeChat issues them in its ' +
      'open-platform console and offers no API to rotate them, so a Lambda rotation cannot exist. Rotate by hand in WeChat, then update the secret: ' +
      'functions pick it up within 5 minutes (the per-container secret cache, src/core/aws/secrets-manager.ts), no deploy needed.',
    paths: ['ComponentSecret/Resource'],
  },
  {
    rule: 'AwsSolutions-S1',
    reason: 'This bucket is the destination of the upload bucket\'s server access logs; logging it would log the logging.',
    paths: ['BucketAccessLogs/Resource'],
  },
  {
    rule: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue (Lambda async on-failure destination and EventBridge target DLQ of the scheduled refresh), ' +
      'which cdk-nag only recognises through SQS redrive. It is alarmed (lib/observability.ts).',
    paths: ['*DeadLetters/Resource'],
  },
  {
    rule: 'AwsSolutions-SQS3',
    reason:
      "The record stream's failure queues (lib/record-stream.ts) are where failures end: the stream event source's on-failure destination and " +
      'the queue the consumer sends a failed plug-in run to. Nothing consumes them, so a DLQ of their own would never fill. Both are alarmed.',
    paths: ['Records/RecordStreamDeadLetters/Resource', 'Records/RecordPluginFailures/Resource'],
  },
];

const toRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('**')
      .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
      .join('.*')}$`,
  );

/**
 * Acknowledges the findings above on a built stack. Answers the patterns that matched no construct
 * (stale entries, or a path that changed).
 */
export const acknowledgeNagFindings = (stack: Stack, acknowledgements = nagAcknowledgements): string[] => {
  const constructs = stack.node.findAll() as IConstruct[];
  const asNagPrints = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  const ruleOf = (ack: NagAcknowledgement) =>
    ack.rule
      .replaceAll('{partition}', asNagPrints(stack.partition, 'AWS::Partition'))
      .replaceAll('{account}', asNagPrints(stack.account, 'AWS::AccountId'))
      .replaceAll('{region}', asNagPrints(stack.region, 'AWS::Region'))
      .replaceAll('{uploadBucketArn}', uploadBucketArn)
      .replaceAll('{sendScheduleGroup}', sendScheduleGroup);
  // CDK names a nested stack's parameter `referenceto<unique id of the referenced resource><attribute>`.
  const bucket = stack.node.tryFindChild('Bucket')?.node.defaultChild;
  const uploadBucketArn = bucket ? `referenceto${Names.nodeUniqueId(bucket.node)}Arn` : '';
  const group = stack.node.tryFindChild('SendSchedules')?.node.tryFindChild('Group');
  const sendScheduleGroup = group ? `referenceto${Names.nodeUniqueId(group.node)}Ref` : '';
  const prefix = `${stack.node.path}/`;
  const unmatched: string[] = [];
  for (const ack of acknowledgements) {
    for (const pattern of ack.paths) {
      const regexp = toRegExp(pattern);
      const matches = constructs.filter((c) => c.node.path.startsWith(prefix) && regexp.test(c.node.path.slice(prefix.length)));
      if (matches.length === 0 && !ack.onlyWith) unmatched.push(`${ack.rule} ${pattern}`);
      for (const construct of matches) Validations.of(construct).acknowledge({ id: `AwsSolutions::${ruleOf(ack)}`, reason: ack.reason });
    }
  }
  return unmatched;
};
