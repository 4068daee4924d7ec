import type { EgressMode } from '../../lib/egress';

/**
 * The logical ids of what holds state, in the root template, as deployed before the stack was split
 * into nested stacks (read from that synthesis). CloudFormation identifies a resource by its logical
 * id: a table, bucket, key, queue or secret whose id changes (renamed, moved into a nested stack) is
 * deleted or orphaned and a new, empty one is made. The Elastic IPs are here too: WeChat's IP
 * whitelists name them, so a new address cuts every account off until ops whitelist it again.
 *
 * Never edit an entry to make a test pass; a new stateful resource is added here on purpose.
 */
export const pinnedStatefulIds: Record<string, string> = {
  TableCD117FA1: 'AWS::DynamoDB::Table',
  Bucket83908E77: 'AWS::S3::Bucket',
  BucketAccessLogs082E23D6: 'AWS::S3::Bucket',
  ConsoleFiles2D43986C: 'AWS::S3::Bucket',
  TenantSecretsKey2A700E27: 'AWS::KMS::Key',
  ObservabilityAlarmTopicKey48516DE9: 'AWS::KMS::Key',
  ComponentSecret4F4701E6: 'AWS::SecretsManager::Secret',
  CallbackJobsQueue1E7EE6CA: 'AWS::SQS::Queue',
  CallbackJobsDeadLetters83A84860: 'AWS::SQS::Queue',
  RefreshTokensDeadLetters5467B6DF: 'AWS::SQS::Queue',
  /** The AppSecret transfers' sweep (issue 22), added with it. */
  TransferAccountsDeadLetters5CFC10E0: 'AWS::SQS::Queue',
  /** The publish poller's dead letters (issue 25), added with the poller. */
  PollPublishesDeadLettersDF698BBD: 'AWS::SQS::Queue',
  /** The follower directory's sync queue and its dead letters, the hourly resync's and the statistics collector's dead letters (issues 26, 27), added with them. */
  FollowerSyncQueue445D888D: 'AWS::SQS::Queue',
  FollowerSyncDeadLettersFF08AEE1: 'AWS::SQS::Queue',
  DailyResyncDeadLetters46B87411: 'AWS::SQS::Queue',
  CollectStatsDeadLetters7C221D94: 'AWS::SQS::Queue',
  /** The template sends' fan-out queue and its dead letters (issue 26), added with them. */
  TemplateSendQueue36752C23: 'AWS::SQS::Queue',
  TemplateSendDeadLetters72E3130E: 'AWS::SQS::Queue',
  /** The segment and export jobs' queue and its dead letters (issue 26), added with them. */
  AudienceJobsQueue0392E603: 'AWS::SQS::Queue',
  AudienceJobsDeadLetters24740548: 'AWS::SQS::Queue',
  /** The record stream's failure queues (lib/record-stream.ts), added with the stream. */
  RecordsRecordStreamDeadLettersECAE3737: 'AWS::SQS::Queue',
  RecordsRecordPluginFailures94608D49: 'AWS::SQS::Queue',
  WechatEgressIp15F20738F: 'AWS::EC2::EIP',
  WechatEgressIp2C8136481: 'AWS::EC2::EIP',
  /**
   * The SES identity (lib/mail-identity.ts), added with it: a new one of the same domain gets new
   * DKIM tokens, so its DNS records would have to be redone.
   */
  MailIdentity3BE2D094: 'AWS::SES::EmailIdentity',
};

/** The deploy options that leave pinned resources out (lib/deploy-options.ts). */
export interface PinnedOptions {
  egress?: EgressMode;
  createSesIdentity?: boolean;
}

/**
 * The pins a stack built with these options legitimately lacks: the second Elastic IP exists only
 * with two NAT gateways (every other egress option uses the first, under the same id), no address
 * without egress, no identity when it exists outside the stack. Defaults as bin/app.ts's.
 */
export const pinsAbsentUnder = ({ egress = 'natGateway', createSesIdentity = true }: PinnedOptions = {}): string[] => [
  ...(egress === 'twoNatGateways' ? [] : ['WechatEgressIp2C8136481']),
  ...(egress === 'none' ? ['WechatEgressIp15F20738F'] : []),
  ...(createSesIdentity ? [] : ['MailIdentity3BE2D094']),
];

/** The resource types that hold state: each one in any template must be pinned, in the root. */
export const statefulTypes = [...new Set(Object.values(pinnedStatefulIds))];

type Resources = Record<string, { Type: string }>;

/**
 * Where a template set breaks the pins: missing or retyped ids, stateful resources not pinned or not
 * in the root. `options`: those the stack was built with (what it may lack: {@link pinsAbsentUnder}).
 */
export const pinViolations = (root: { Resources: Resources }, nested: { Resources: Resources }[], options: PinnedOptions = {}): string[] => {
  const problems: string[] = [];
  const absent = pinsAbsentUnder(options);
  for (const [id, type] of Object.entries(pinnedStatefulIds)) {
    const found = root.Resources[id];
    if (!found && absent.includes(id)) continue;
    if (!found) problems.push(`${id} (${type}) is not in the root template`);
    else if (absent.includes(id)) problems.push(`${id} (${type}) is built though the options leave it out`);
    if (found && found.Type !== type) problems.push(`${id} is a ${found.Type}, pinned as ${type}`);
  }
  for (const [id, r] of Object.entries(root.Resources)) {
    if (statefulTypes.includes(r.Type) && !(id in pinnedStatefulIds)) problems.push(`${id} (${r.Type}) holds state and is not pinned`);
  }
  for (const template of nested) {
    for (const [id, r] of Object.entries(template.Resources)) {
      if (statefulTypes.includes(r.Type)) problems.push(`${id} (${r.Type}) holds state inside a nested stack`);
    }
  }
  return problems;
};
