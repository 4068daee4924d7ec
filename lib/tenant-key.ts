import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { kmsEncryptionContext } from '../src/core/security/keyrings';

/**
 * The customer-managed key that wraps the data keys of tenant secrets (src/core/security/envelope.ts).
 * Only the functions that need plaintext secrets (the WeChat-facing ones and the scheduled refresh:
 * `wechat: true` in the route table) get TENANT_KEY_ID and may generate and decrypt data keys, and
 * only under the product's encryption context; the key policy refuses any other context, so the key
 * cannot be borrowed to encrypt or decrypt something else. Rotated yearly by KMS; kept on stack
 * deletion (losing it loses every stored secret).
 */
const contextConditions = Object.fromEntries(
  Object.entries(kmsEncryptionContext).map(([k, v]) => [`kms:EncryptionContext:${k}`, v]),
);

export const tenantKeyActions = ['kms:Decrypt', 'kms:GenerateDataKey'];

export class TenantKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'socialinzen: wraps the data keys of tenant secrets (WeChat appsecrets, tokens, tickets) in the table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTenantSecretContext',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Encrypt', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { StringNotEquals: contextConditions },
      }),
    );
  }

  /** Lets a function seal and open tenant secrets: TENANT_KEY_ID and the two data-key actions. */
  allow(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'TenantSecretDataKeys',
        actions: tenantKeyActions,
        resources: [this.key.keyArn],
        conditions: { StringEquals: contextConditions },
      }),
    );
    fn.addEnvironment('TENANT_KEY_ID', this.key.keyArn);
  }
}
