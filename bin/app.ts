import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureConsoleBuilt } from '../console/build';
import { deployOptions, placeholderComponentAppid } from '../lib/deploy-options';
import { acknowledgeNagFindings } from '../lib/nag-suppressions';
import { SocialinzenStack } from '../lib/socialinzen-stack';
import { EdgeWebAclStack } from '../lib/web-acl';

/**
 * The CDK app. Context (`-c key=value` or cdk.json): mailFrom, sesIdentity, componentAppid,
 * componentSecretArn, publicBaseUrl, consoleUrl, consoleOrigins (comma-separated), stackName,
 * egress (natGateway: the default, natInstance, twoNatGateways, none; `fixedEgress=false` = none),
 * interfaceEndpoints, reservedConcurrency, createSesIdentity (lib/deploy-options.ts; docs/deploy.md),
 * domainName + certificateArn (the API on its own domain), disableExecuteApiEndpoint, alarmEmail,
 * waf + wafRateLimit (a CloudFront web ACL: lib/web-acl.ts).
 * Every value has a default, so `npm run synth` works offline with no context or credentials.
 */
// The console is deployed from console/dist: build it first when its sources changed.
await ensureConsoleBuilt();

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key) as unknown;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const options = deployOptions((key) => app.node.tryGetContext(key));
const consoleOrigins = context('consoleOrigins')?.split(',').map((o) => o.trim()).filter(Boolean);
const publicBaseUrl = context('publicBaseUrl');
const consoleUrl = context('consoleUrl');
const componentSecretArn = context('componentSecretArn');
const domainName = context('domainName');
const certificateArn = context('certificateArn');
if (Boolean(domainName) !== Boolean(certificateArn)) throw new Error('context domainName and certificateArn go together');
const alarmEmail = context('alarmEmail');
const stackName = context('stackName') ?? 'Socialinzen';
const env = { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] };
// A CloudFront web ACL lives in us-east-1: in the stack when it is there, else in a stack of its
// own there whose ARN the product's stack reads (CDK cross-region references).
const edgeStack =
  options.waf && env.region !== 'us-east-1'
    ? new EdgeWebAclStack(app, `${stackName}WebAcl`, { env, rateLimit: options.waf.rateLimit })
    : undefined;

const stack = new SocialinzenStack(app, stackName, {
  projectRoot: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  mailFrom: options.mailFrom,
  sesIdentity: options.sesIdentity,
  createSesIdentity: options.createSesIdentity,
  componentAppid: options.componentAppid ?? placeholderComponentAppid,
  egress: options.egress,
  interfaceEndpoints: options.interfaceEndpoints,
  reservedConcurrency: options.reservedConcurrency,
  ...(componentSecretArn ? { componentSecretArn } : {}),
  ...(publicBaseUrl ? { publicBaseUrl } : {}),
  ...(consoleUrl ? { consoleUrl } : {}),
  ...(consoleOrigins?.length ? { consoleOrigins } : {}),
  ...(domainName && certificateArn ? { customDomain: { domainName, certificateArn } } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(options.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
  ...(options.waf ? { waf: edgeStack ? { webAclArn: edgeStack.rateLimit.webAcl.attrArn } : options.waf } : {}),
  ...(edgeStack ? { crossRegionReferences: true } : {}),
  env,
});

// cdk-nag's AwsSolutions pack on every synth and deploy: a finding neither fixed nor acknowledged
// (with its reason, in lib/nag-suppressions.ts) fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const stale = acknowledgeNagFindings(stack);
if (stale.length) console.warn(`cdk-nag acknowledgements matching nothing: ${stale.join(', ')}`);
