import { GetAccountSendingEnabledCommand, GetIdentityVerificationAttributesCommand, GetSendQuotaCommand, SESClient } from '@aws-sdk/client-ses';
import { SignatureV4 } from '@smithy/signature-v4';
import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deployOptions, reservedConcurrencyTotal } from '../lib/deploy-options';
import { mayDeploy, preflightFindings, type AccountFacts } from '../lib/preflight';

/**
 * `npm run deploy -- -c key=value …`: reads the account's facts (region, CDK bootstrap, Lambda
 * concurrency, SES), prints what to fix (lib/preflight.ts decides), and only then runs
 * `cdk deploy` with the same arguments. `npm run preflight -- …` checks without deploying.
 *
 * SES is read with the SDK client the product already ships; the three other calls (STS, SSM,
 * Lambda: one request each, clients the project does not depend on) are signed with the SDK's own
 * signer and the same credentials.
 */
const args = process.argv.slice(2);
const checkOnly = args.includes('--check-only');
const cdkArgs = args.filter((a) => a !== '--check-only');

/** `-c k=v`, `--context k=v`, `--context=k=v`, over cdk.json's context, as the CDK CLI reads them. */
const contextOf = (argv: string[]): Record<string, unknown> => {
  const context: Record<string, unknown> = { ...(JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const pair = arg === '-c' || arg === '--context' ? argv[++i] : arg.startsWith('--context=') ? arg.slice('--context='.length) : undefined;
    if (!pair) continue;
    const at = pair.indexOf('=');
    if (at > 0) context[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return context;
};

type Bytes = string | ArrayBuffer | ArrayBufferView;
const asBuffer = (data: Bytes) => (typeof data === 'string' ? Buffer.from(data) : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data));

/** SHA-256 and its HMAC from node:crypto, in the shape the SDK's signer takes. */
class Sha256 {
  private readonly hash;
  constructor(secret?: Bytes) {
    this.hash = secret ? createHmac('sha256', asBuffer(secret)) : createHash('sha256');
  }
  update(data: Bytes) {
    this.hash.update(asBuffer(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const gather = async (sesIdentity: string): Promise<AccountFacts> => {
  const ses = new SESClient({});
  const facts: AccountFacts = { unreadable: {} };
  const unreadable = facts.unreadable!;
  try {
    facts.region = await ses.config.region();
  } catch (error) {
    unreadable['region'] = String(error);
    return facts;
  }
  const region = facts.region;
  const host = (service: string) => `${service}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
  const credentials = ses.config.credentials;
  const call = async (service: string, signingName: string, request: { method: string; path: string; headers?: Record<string, string>; body?: string }) => {
    const signer = new SignatureV4({ service: signingName, region, credentials, sha256: Sha256 });
    const signed = await signer.sign({
      protocol: 'https:',
      hostname: host(service),
      method: request.method,
      path: request.path,
      headers: { host: host(service), ...(request.headers ?? {}) },
      ...(request.body ? { body: request.body } : {}),
    });
    const response = await fetch(`https://${host(service)}${request.path}`, {
      method: request.method,
      headers: signed.headers,
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, any> };
  };

  const tasks: Promise<void>[] = [
    call('sts', 'sts', {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    }).then(({ status, body }) => {
      if (status !== 200) throw new Error(`STS answered ${status}: ${JSON.stringify(body)}`);
      facts.account = body['GetCallerIdentityResponse']?.GetCallerIdentityResult?.Account;
    }).catch((error) => void (unreadable['account'] = String(error))),
    call('ssm', 'ssm', {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: JSON.stringify({ Name: '/cdk-bootstrap/hnb659fds/version' }),
    }).then(({ status, body }) => {
      if (status === 200) facts.bootstrapVersion = Number(body['Parameter']?.Value);
      else if (String(body['__type'] ?? '').includes('ParameterNotFound')) facts.bootstrapVersion = null;
      else throw new Error(`SSM answered ${status}: ${JSON.stringify(body)}`);
    }).catch((error) => void (unreadable['bootstrap'] = String(error))),
    call('lambda', 'lambda', { method: 'GET', path: '/2016-08-19/account-settings/' }).then(({ status, body }) => {
      if (status !== 200) throw new Error(`Lambda answered ${status}: ${JSON.stringify(body)}`);
      facts.lambda = { concurrencyLimit: body['AccountLimit'].ConcurrentExecutions, unreservedConcurrency: body['AccountLimit'].UnreservedConcurrentExecutions };
    }).catch((error) => void (unreadable['lambda'] = String(error))),
    (async () => {
      const [enabled, quota, identity] = await Promise.all([
        ses.send(new GetAccountSendingEnabledCommand({})),
        ses.send(new GetSendQuotaCommand({})),
        ses.send(new GetIdentityVerificationAttributesCommand({ Identities: [sesIdentity] })),
      ]);
      facts.ses = {
        sendingEnabled: enabled.Enabled ?? false,
        max24HourSend: quota.Max24HourSend ?? 0,
        identityStatus: (identity.VerificationAttributes?.[sesIdentity]?.VerificationStatus ?? null) as NonNullable<AccountFacts['ses']>['identityStatus'],
      };
    })().catch((error) => void (unreadable['ses'] = String(error))),
  ];
  await Promise.all(tasks);
  return facts;
};

const options = deployOptions((key) => contextOf(cdkArgs)[key]);
const facts = await gather(options.sesIdentity);
const findings = preflightFindings(options, facts, reservedConcurrencyTotal());
const mark = { ok: 'ok     ', warning: 'WARNING', error: 'ERROR  ' } as const;
for (const f of findings) console.log(`${mark[f.level]} ${f.check.padEnd(11)} ${f.message}`);
if (!mayDeploy(findings)) {
  console.error('\nNothing was deployed: fix the errors above, then run the same command again.');
  process.exit(1);
}
if (checkOnly) process.exit(0);
console.log('\nPreflight passed: cdk deploy', cdkArgs.join(' '));
const deploy = spawnSync('npx', ['cdk', 'deploy', ...cdkArgs], { stdio: 'inherit' });
process.exit(deploy.status ?? 1);
