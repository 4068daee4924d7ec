import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailIdentityProps {
  /** The SES identity the sender belongs to: a domain (`example.com`) or one address. */
  identity: string;
}

/**
 * The SES identity the verification mails are sent from, created by the stack so the first deploy
 * does not depend on a console click. A domain gets Easy DKIM (2048-bit): SES verifies the domain
 * once the three CNAMEs it prints (outputs `DkimRecord1..3`) are in its DNS, and signs every mail
 * with it. An address gets a verification mail from SES instead. Until SES leaves the sandbox for
 * the account and region, it delivers only to verified addresses (docs/deploy.md).
 *
 * Retained on delete: a new identity of the same domain would need the DNS records redone.
 */
export class MailIdentity extends Construct {
  readonly identity: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: MailIdentityProps) {
    super(scope, id);
    const isAddress = props.identity.includes('@');
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: isAddress ? ses.Identity.email(props.identity) : ses.Identity.domain(props.identity),
      ...(isAddress ? {} : { dkimSigning: true, dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT) }),
    });
    this.identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    if (isAddress) return;
    const records = [
      [this.identity.dkimDnsTokenName1, this.identity.dkimDnsTokenValue1],
      [this.identity.dkimDnsTokenName2, this.identity.dkimDnsTokenValue2],
      [this.identity.dkimDnsTokenName3, this.identity.dkimDnsTokenValue3],
    ] as const;
    records.forEach(([name, value], i) => {
      new CfnOutput(scope, `DkimRecord${i + 1}`, {
        value: `${name} CNAME ${value}`,
        description: `DNS record ${i + 1} of 3 for ${props.identity}: SES verifies the domain and signs with DKIM once all three are published`,
      });
    });
  }
}
