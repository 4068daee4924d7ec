import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureConsoleBuilt } from '../console/build';
import { acknowledgeNagFindings } from '../lib/nag-suppressions';
import { SocialinzenStack } from '../lib/socialinzen-stack';

/**
 * The CDK app. Context (`-c key=value` or cdk.json): mailFrom, sesIdentity, componentAppid,
 * componentSecretArn, publicBaseUrl, consoleUrl, consoleOrigins (comma-separated), stackName,
 * fixedEgress (`false` turns off the VPC/NAT with fixed outbound IPs for the WeChat-calling functions),
 * domainName + certificateArn (the API on its own domain), alarmEmail.
 * Every value has a default, so `npm run synth` works offline with no context or credentials.
 */
// The console is deployed from console/dist: build it first when its sources changed.
await ensureConsoleBuilt();

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key) as unknown;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const mailFrom = context('mailFrom') ?? 'no-reply@example.com';
const consoleOrigins = context('consoleOrigins')?.split(',').map((o) => o.trim()).filter(Boolean);
const publicBaseUrl = context('publicBaseUrl');
const consoleUrl = context('consoleUrl');
const componentSecretArn = context('componentSecretArn');
const domainName = context('domainName');
const certificateArn = context('certificateArn');
if (Boolean(domainName) !== Boolean(certificateArn)) throw new Error('context domainName and certificateArn go together');
const alarmEmail = context('alarmEmail');

const stack = new SocialinzenStack(app, context('stackName') ?? 'Socialinzen', {
  projectRoot: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  mailFrom,
  sesIdentity: context('sesIdentity') ?? mailFrom.split('@')[1]!,
  componentAppid: context('componentAppid') ?? 'wx0000000000000000',
  ...(componentSecretArn ? { componentSecretArn } : {}),
  ...(publicBaseUrl ? { publicBaseUrl } : {}),
  ...(consoleUrl ? { consoleUrl } : {}),
  ...(consoleOrigins?.length ? { consoleOrigins } : {}),
  ...([false, 'false'].includes(app.node.tryGetContext('fixedEgress') as never) ? { fixedEgress: false } : {}),
  ...(domainName && certificateArn ? { customDomain: { domainName, certificateArn } } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
  env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
});

// cdk-nag's AwsSolutions pack on every synth and deploy: a finding neither fixed nor acknowledged
// (with its reason, in lib/nag-suppressions.ts) fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const stale = acknowledgeNagFindings(stack);
if (stale.length) console.warn(`cdk-nag acknowledgements matching nothing: ${stale.join(', ')}`);
