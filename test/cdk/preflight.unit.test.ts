import { describe, expect, it } from 'vitest';
import { deployOptions, reservedConcurrencyTotal, type DeployOptions } from '../../lib/deploy-options';
import { mayDeploy, preflightFindings, type AccountFacts } from '../../lib/preflight';

/**
 * The preflight's decisions (lib/preflight.ts): given the account's facts and the deploy's
 * options, what it says and whether `cdk deploy` may start. No AWS: the facts are the input.
 */
const options = (over: Partial<DeployOptions> = {}): DeployOptions => ({ ...deployOptions(() => undefined), mailFrom: 'no-reply@shop.example', sesIdentity: 'shop.example', ...over });
const ready: AccountFacts = {
  region: 'us-east-1',
  account: '123456789012',
  bootstrapVersion: 28,
  lambda: { concurrencyLimit: 1000, unreservedConcurrency: 1000 },
  ses: { sendingEnabled: true, max24HourSend: 50_000, identityStatus: null },
};
const facts = (over: Partial<AccountFacts>): AccountFacts => ({ ...ready, ...over });
const of = (findings: ReturnType<typeof preflightFindings>, check: string) => findings.filter((f) => f.check === check && f.level !== 'ok');

describe('deploy options from the CDK context', () => {
  it('default to one NAT gateway, no interface endpoints, no reserved concurrency, the identity created from the sender\'s domain', () => {
    expect(deployOptions((key) => ({ mailFrom: 'hi@shop.example' })[key])).toEqual({
      mailFrom: 'hi@shop.example',
      sesIdentity: 'shop.example',
      createSesIdentity: true,
      egress: 'natGateway',
      interfaceEndpoints: false,
      reservedConcurrency: false,
      disableExecuteApiEndpoint: false,
    });
  });

  it('read the doors: no web ACL unless waf=true (2,000 requests per IP per 5 minutes unless wafRateLimit), execute-api kept unless disabled', () => {
    const context: Record<string, string> = { waf: 'true', wafRateLimit: '500', disableExecuteApiEndpoint: 'true' };

    expect(deployOptions((key) => context[key])).toMatchObject({ waf: { rateLimit: 500 }, disableExecuteApiEndpoint: true });
    expect(deployOptions((key) => ({ waf: 'true' })[key])).toMatchObject({ waf: { rateLimit: 2000 } });
    expect(deployOptions(() => undefined).waf).toBeUndefined();
    expect(() => deployOptions((key) => ({ waf: 'true', wafRateLimit: 'lots' })[key])).toThrow(/wafRateLimit/);
  });

  it('read -c strings (true/false), keep fixedEgress=false as egress none, and refuse an unknown egress', () => {
    const context: Record<string, string> = { egress: 'natInstance', interfaceEndpoints: 'true', reservedConcurrency: 'true', createSesIdentity: 'false', componentAppid: 'wxabcdef0123456789' };
    expect(deployOptions((key) => context[key])).toMatchObject({ egress: 'natInstance', interfaceEndpoints: true, reservedConcurrency: true, createSesIdentity: false, componentAppid: 'wxabcdef0123456789' });
    expect(deployOptions((key) => ({ fixedEgress: 'false' })[key]).egress).toBe('none');
    expect(() => deployOptions((key) => ({ egress: 'twoNats' })[key])).toThrow(/natGateway, natInstance, twoNatGateways, none/);
  });

  it('count what the stack would reserve: the uploads 10 each and the scheduled refresh 1', () => {
    expect(reservedConcurrencyTotal()).toBe(21);
  });
});

describe('preflight', () => {
  it('lets a ready account deploy, with the next step for the identity and the IPs said', () => {
    const findings = preflightFindings(options({ componentAppid: 'wxabcdef0123456789' }), ready, 21);

    expect(findings.filter((f) => f.level !== 'ok')).toEqual([]);
    expect(mayDeploy(findings)).toBe(true);
    expect(findings.find((f) => f.check === 'ses')?.message).toMatch(/DkimRecord1\.\.3/);
  });

  it('stops without a region', () => {
    const findings = preflightFindings(options(), { ...ready, region: undefined } as AccountFacts, 0);
    expect(of(findings, 'region')).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/AWS_REGION/) })]);
    expect(mayDeploy(findings)).toBe(false);
  });

  it('stops an account that is not bootstrapped, or bootstrapped too long ago, naming the bootstrap command', () => {
    for (const bootstrapVersion of [null, 5]) {
      const findings = preflightFindings(options(), facts({ bootstrapVersion }), 0);
      expect(of(findings, 'bootstrap'), String(bootstrapVersion)).toEqual([
        expect.objectContaining({ level: 'error', message: expect.stringContaining('npx cdk bootstrap aws://123456789012/us-east-1') }),
      ]);
      expect(mayDeploy(findings)).toBe(false);
    }
  });

  it('with reserved concurrency on, stops when the reservation would leave fewer than 100 unreserved, and names the quota to ask for', () => {
    const low = facts({ lambda: { concurrencyLimit: 10, unreservedConcurrency: 10 } });
    const findings = preflightFindings(options({ reservedConcurrency: true }), low, 21);

    expect(of(findings, 'concurrency')).toEqual([expect.objectContaining({ level: 'error' })]);
    // 21 reserved + 100 kept unreserved, nothing reserved elsewhere.
    expect(of(findings, 'concurrency')[0]!.message).toMatch(/--quota-code L-B99A9384 --desired-value 121\b/);
    expect(mayDeploy(findings)).toBe(false);
    // Reservations other stacks hold count too: 1000 with 890 reserved elsewhere leaves 110.
    expect(mayDeploy(preflightFindings(options({ reservedConcurrency: true }), facts({ lambda: { concurrencyLimit: 1000, unreservedConcurrency: 110 } }), 21))).toBe(false);
    expect(mayDeploy(preflightFindings(options({ reservedConcurrency: true }), facts({ lambda: { concurrencyLimit: 1000, unreservedConcurrency: 121 } }), 21))).toBe(true);
  });

  it('with reserved concurrency off (the default), deploys on a low quota and only warns about it', () => {
    const findings = preflightFindings(options(), facts({ lambda: { concurrencyLimit: 10, unreservedConcurrency: 10 } }), 21);

    expect(of(findings, 'concurrency')).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringMatching(/quota is 10/) })]);
    expect(mayDeploy(findings)).toBe(true);
  });

  it('refuses reserved concurrency when the quota could not be read', () => {
    const unknown: AccountFacts = { ...ready, lambda: undefined, unreadable: { lambda: 'AccessDenied' } } as AccountFacts;
    expect(mayDeploy(preflightFindings(options({ reservedConcurrency: true }), unknown, 21))).toBe(false);
    expect(mayDeploy(preflightFindings(options(), unknown, 21))).toBe(true);
  });

  it('explains the SES sandbox and paused sending as warnings: the deploy works, mail to strangers does not', () => {
    const findings = preflightFindings(options(), facts({ ses: { sendingEnabled: false, max24HourSend: 200, identityStatus: null } }), 0);
    const ses = of(findings, 'ses');

    expect(ses.map((f) => f.level)).toEqual(['warning', 'warning']);
    expect(ses[0]!.message).toMatch(/paused/);
    expect(ses[1]!.message).toMatch(/sandbox.*put-account-details --production-access-enabled/);
    expect(mayDeploy(findings)).toBe(true);
  });

  it('stops when the stack would create an identity that already exists, or expects one that does not', () => {
    const exists = preflightFindings(options(), facts({ ses: { sendingEnabled: true, max24HourSend: 50_000, identityStatus: 'Success' } }), 0);
    expect(of(exists, 'ses')).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/already exists.*-c createSesIdentity=false/) })]);

    const missing = preflightFindings(options({ createSesIdentity: false }), ready, 0);
    expect(of(missing, 'ses')).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/no identity shop\.example/) })]);

    const pending = preflightFindings(options({ createSesIdentity: false }), facts({ ses: { sendingEnabled: true, max24HourSend: 50_000, identityStatus: 'Pending' } }), 0);
    expect(of(pending, 'ses')).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringMatching(/not verified yet \(Pending\)/) })]);
    expect(mayDeploy(pending)).toBe(true);
  });

  it('stops when the sender does not belong to the SES identity', () => {
    const findings = preflightFindings(options({ mailFrom: 'no-reply@other.example' }), ready, 0);
    expect(of(findings, 'ses')).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/-c sesIdentity=other\.example/) })]);
  });

  it('refuses egress none in third-party mode (WeChat whitelists the component\'s IPs), allows it in direct mode with a warning', () => {
    const thirdParty = preflightFindings(options({ egress: 'none', componentAppid: 'wxabcdef0123456789' }), ready, 0);
    expect(of(thirdParty, 'egress')).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/61004/) })]);
    expect(mayDeploy(thirdParty)).toBe(false);

    const direct = preflightFindings(options({ egress: 'none' }), ready, 0);
    expect(of(direct, 'egress')).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringMatching(/40164/) })]);
    expect(mayDeploy(direct)).toBe(true);
  });
});
