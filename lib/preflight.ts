import type { DeployOptions } from './deploy-options';

/**
 * What `npm run deploy` checks before CloudFormation starts (bin/preflight.ts gathers the facts,
 * this module decides): each finding says what is wrong and the command or page that fixes it.
 * Pure, so the decisions are tested without an AWS account (test/cdk/preflight.unit.test.ts).
 */

/** What the preflight read from the account; a fact it could not read is left out, with the reason in `unreadable`. */
export interface AccountFacts {
  region?: string;
  account?: string;
  /** The CDK bootstrap stack's version (SSM `/cdk-bootstrap/hnb659fds/version`); null: not bootstrapped. */
  bootstrapVersion?: number | null;
  /** Lambda's account settings: the concurrency quota and what is not reserved by any function. */
  lambda?: { concurrencyLimit: number; unreservedConcurrency: number };
  ses?: {
    sendingEnabled: boolean;
    /** SES's 24-hour quota: 200 means the account is in the sandbox for this region. */
    max24HourSend: number;
    /** The identity's verification status; null: no such identity in this region. */
    identityStatus: 'Success' | 'Pending' | 'Failed' | 'TemporaryFailure' | 'NotStarted' | null;
  };
  /** Facts that could not be read, by name, with the error. */
  unreadable?: Record<string, string>;
}

export type FindingLevel = 'error' | 'warning' | 'ok';

export interface Finding {
  level: FindingLevel;
  check: 'region' | 'bootstrap' | 'concurrency' | 'ses' | 'egress' | 'mode';
  message: string;
}

/** Lambda keeps this many executions unreserved in every account: reservations may not eat into it. */
export const lambdaUnreservedFloor = 100;
/** The oldest bootstrap version whose template `cdk deploy` of this aws-cdk-lib accepts. */
export const minimumBootstrapVersion = 6;
/** SES's sandbox sends at most 200 mails in 24 hours. */
export const sesSandboxQuota = 200;

const bootstrapCommand = (facts: AccountFacts) => `npx cdk bootstrap aws://${facts.account ?? '<account>'}/${facts.region ?? '<region>'}`;

export const preflightFindings = (options: DeployOptions, facts: AccountFacts, reservedByStack: number): Finding[] => {
  const findings: Finding[] = [];
  const unreadable = facts.unreadable ?? {};
  const note = (level: FindingLevel, check: Finding['check'], message: string) => findings.push({ level, check, message });

  if (!facts.region) {
    note('error', 'region', 'No region: set AWS_REGION (or `region` in the AWS profile) to where the stack goes, e.g. export AWS_REGION=ap-east-1.');
  } else {
    note('ok', 'region', `Deploying to ${facts.region}${facts.account ? ` in account ${facts.account}` : ''}.`);
  }

  if (facts.bootstrapVersion === null) {
    note('error', 'bootstrap', `The account/region is not bootstrapped for the CDK: run ${bootstrapCommand(facts)}`);
  } else if (facts.bootstrapVersion !== undefined && facts.bootstrapVersion < minimumBootstrapVersion) {
    note('error', 'bootstrap', `CDK bootstrap version ${facts.bootstrapVersion} is older than ${minimumBootstrapVersion}: run ${bootstrapCommand(facts)} again to update it.`);
  } else if (facts.bootstrapVersion !== undefined) {
    note('ok', 'bootstrap', `CDK bootstrap version ${facts.bootstrapVersion}.`);
  } else {
    note('warning', 'bootstrap', `Could not read the bootstrap version (${unreadable['bootstrap'] ?? 'unknown'}); if the deploy says "not bootstrapped", run ${bootstrapCommand(facts)}`);
  }

  if (facts.lambda) {
    const { concurrencyLimit, unreservedConcurrency } = facts.lambda;
    if (options.reservedConcurrency) {
      const left = unreservedConcurrency - reservedByStack;
      if (left < lambdaUnreservedFloor) {
        const needed = concurrencyLimit - unreservedConcurrency + reservedByStack + lambdaUnreservedFloor;
        note(
          'error',
          'concurrency',
          `The stack reserves ${reservedByStack} concurrent executions, but only ${unreservedConcurrency} of the account's ${concurrencyLimit} are unreserved and Lambda keeps ${lambdaUnreservedFloor} unreserved: ` +
            `deploy without -c reservedConcurrency=true, or ask for a Lambda concurrency quota of at least ${needed} ` +
            '(aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value ' + `${needed}).`,
        );
      } else {
        note('ok', 'concurrency', `Reserving ${reservedByStack} of ${unreservedConcurrency} unreserved executions leaves ${left}.`);
      }
    } else if (concurrencyLimit < 1000) {
      note(
        'warning',
        'concurrency',
        `The account's Lambda concurrency quota is ${concurrencyLimit} (new accounts start low): every function shares it, so a burst of callbacks can be throttled. ` +
          'The deploy works; ask for 1000 (aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000).',
      );
    } else {
      note('ok', 'concurrency', `Lambda concurrency quota ${concurrencyLimit}; the stack reserves none.`);
    }
  } else {
    note(options.reservedConcurrency ? 'error' : 'warning', 'concurrency', `Could not read Lambda's account settings (${unreadable['lambda'] ?? 'unknown'})${options.reservedConcurrency ? ': with -c reservedConcurrency=true the quota must be checked first.' : '.'}`);
  }

  const senderDomain = options.mailFrom.split('@')[1];
  const identityCovers = options.sesIdentity.includes('@') ? options.sesIdentity === options.mailFrom : options.sesIdentity === senderDomain;
  if (!identityCovers) {
    note('error', 'ses', `The sender ${options.mailFrom} does not belong to the SES identity ${options.sesIdentity}: set -c sesIdentity=${senderDomain} (or the address itself).`);
  }
  if (facts.ses) {
    const { sendingEnabled, max24HourSend, identityStatus } = facts.ses;
    if (!sendingEnabled) note('warning', 'ses', 'SES sending is paused for this account and region: no verification mail will leave. See the SES console (Account dashboard) for why.');
    if (max24HourSend <= sesSandboxQuota) {
      note(
        'warning',
        'ses',
        `SES is in the sandbox here (${max24HourSend} mails a day, only to verified addresses): registrations of other addresses are refused until production access is granted ` +
          '(aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL --website-url <console URL> --use-case-description "…"; docs/deploy.md).',
      );
    }
    if (options.createSesIdentity && identityStatus !== null) {
      note('error', 'ses', `The SES identity ${options.sesIdentity} already exists in ${facts.region ?? 'this region'} (${identityStatus}): CloudFormation cannot create it again. Deploy with -c createSesIdentity=false.`);
    } else if (!options.createSesIdentity && identityStatus === null) {
      note('error', 'ses', `-c createSesIdentity=false, but SES has no identity ${options.sesIdentity} in ${facts.region ?? 'this region'}: drop that option so the stack creates it.`);
    } else if (!options.createSesIdentity && identityStatus !== 'Success') {
      note('warning', 'ses', `The SES identity ${options.sesIdentity} is not verified yet (${identityStatus}): publish its DKIM records (or click the link SES mailed); mail is refused until then.`);
    } else if (options.createSesIdentity) {
      note('ok', 'ses', `The stack creates the SES identity ${options.sesIdentity}; publish the DkimRecord1..3 outputs in its DNS after the deploy.`);
    }
  } else {
    note('warning', 'ses', `Could not read SES's state (${unreadable['ses'] ?? 'unknown'}).`);
  }

  if (options.egress === 'none' && options.componentAppid) {
    note(
      'error',
      'egress',
      `-c egress=none with a componentAppid (${options.componentAppid}): third-party mode calls WeChat's component APIs, which answer only whitelisted IPs (61004). Choose egress natGateway (default), natInstance or twoNatGateways.`,
    );
  } else if (options.egress === 'none') {
    note('warning', 'egress', 'egress=none: no fixed outbound IP. Only direct-mode accounts whose IP whitelist is off can fetch tokens (40164 otherwise).');
  } else {
    note('ok', 'egress', `Egress ${options.egress}${options.interfaceEndpoints ? ' with interface endpoints' : ''}: whitelist the EgressIp outputs at WeChat after the deploy.`);
  }
  if (!options.componentAppid) {
    note('warning', 'mode', 'No componentAppid: the third-party platform is off (direct-mode accounts only). Set -c componentAppid=wx… to use it.');
  }
  return findings;
};

/** The deploy goes ahead only when no finding is an error. */
export const mayDeploy = (findings: Finding[]): boolean => findings.every((f) => f.level !== 'error');
