import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ConsoleSite, stagingCsp, stagingGateFunctionCode } from '../../../lib/console-site';
import { apiShards } from '../../../lib/deployment-layout';
import { buildHttpApis } from '../../../lib/http-apis';
import { routeList } from '../../../lib/routes';
import { SocialinzenStack } from '../../../lib/socialinzen-stack';
import { EdgeRateLimit, EdgeWebAclStack, wechatFacingPaths } from '../../../lib/web-acl';
import { cdkContext } from '../app-context';
import { deployedStack, deployedStackProps } from '../deployed-stack';

/**
 * The doors (issue 22, items 5, 7 and 8): the WeChat-facing routes' own throttles, /staging/*
 * narrowed to the presigned PUT with download-only answers, lifecycle rules for what a crash
 * leaves, the optional web ACL with WeChat's paths exempt, and the execute-api endpoint turned off.
 * The deployed stack's template for what it always has; small stacks of the same constructs for
 * the options (a second full synth would cost a minute on a shared machine).
 */
type Resource = { Type: string; Properties: Record<string, any> };
let template: Template;
let resources: [string, Resource][];
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

beforeAll(() => {
  ({ template } = deployedStack());
  resources = Object.entries(template.toJSON().Resources as Record<string, Resource>);
}, 240_000);

describe('doors: WeChat-facing throttles', () => {
  it('gives the callback, its URL check and the component-event route throttles of their own, beside the stage default', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const settings = stage.Properties['RouteSettings'];
    const byId = (id: string) => {
      const route = routeList.find((r) => r.id === id)!;
      return settings[`${route.method} ${route.path}`];
    };

    expect(byId('callback.message')).toEqual({ ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 });
    expect(byId('callback.verifyUrl')).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
    expect(byId('component.event')).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    // Wider than the shared default: a mass send's replies never meet the API's 100 rps.
    expect(byId('callback.message').ThrottlingRateLimit).toBeGreaterThan(stage.Properties['DefaultRouteSettings'].ThrottlingRateLimit);
  });
});

describe('doors: /staging/* in AWS', () => {
  const stagingBehavior = () => {
    const [[, dist]] = ofType('AWS::CloudFront::Distribution') as [[string, Resource]];
    return (dist.Properties['DistributionConfig'].CacheBehaviors as any[]).find((b) => b.PathPattern === '/staging/*');
  };

  it('lets only a presigned PUT through (a viewer-request gate), forwarding the signature and Content-Type, never cookies', () => {
    const behavior = stagingBehavior();
    const [gateId] = ofType('AWS::CloudFront::Function').find(([, f]) => f.Properties['FunctionCode'] === stagingGateFunctionCode)!;
    const [policyId, policy] = ofType('AWS::CloudFront::OriginRequestPolicy').find(([id]) => behavior.OriginRequestPolicyId.Ref === id)!;

    expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [gateId, 'FunctionARN'] } }]);
    expect(policyId).toMatch(/StagingForward/);
    expect(policy.Properties['OriginRequestPolicyConfig']).toMatchObject({
      CookiesConfig: { CookieBehavior: 'none' },
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Content-Type'] },
    });
    // The gate itself: PUT only, with SigV4 query authentication.
    const gate = new Function('event', `${stagingGateFunctionCode}; return handler(event);`) as (e: unknown) => any;
    const signed = { 'X-Amz-Signature': { value: 'a' }, 'X-Amz-Algorithm': { value: 'AWS4-HMAC-SHA256' }, 'X-Amz-Credential': { value: 'c' } };
    expect(gate({ request: { method: 'PUT', querystring: signed, headers: {} } }).method).toBe('PUT');
    expect(gate({ request: { method: 'GET', querystring: signed, headers: {} } }).statusCode).toBe(403);
    expect(gate({ request: { method: 'PUT', querystring: {}, headers: {} } }).statusCode).toBe(403);
  });

  it('answers with a download-only response headers policy: attachment, nosniff, sandboxing CSP', () => {
    const behavior = stagingBehavior();
    const [, policy] = ofType('AWS::CloudFront::ResponseHeadersPolicy').find(([id]) => behavior.ResponseHeadersPolicyId.Ref === id)!;
    const config = policy.Properties['ResponseHeadersPolicyConfig'];

    expect(config.SecurityHeadersConfig).toMatchObject({ ContentSecurityPolicy: { ContentSecurityPolicy: stagingCsp, Override: true }, ContentTypeOptions: { Override: true } });
    expect(stagingCsp).toBe("sandbox; default-src 'none'");
    expect(config.CustomHeadersConfig.Items).toContainEqual({ Header: 'Content-Disposition', Value: 'attachment', Override: true });
  });
});

describe('doors: no leftovers', () => {
  it('expires staging objects and aborts multipart uploads a crash leaves, in the uploads bucket and the console bucket', () => {
    const buckets = ofType('AWS::S3::Bucket').filter(([id]) => !id.includes('AccessLogs'));
    const rules = (id: RegExp) => buckets.find(([bucketId]) => id.test(bucketId))![1].Properties['LifecycleConfiguration'].Rules as any[];

    expect(rules(/^Bucket/)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'staging/', ExpirationInDays: 1, Status: 'Enabled' }),
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
      ]),
    );
    expect(rules(/^ConsoleFiles/)).toContainEqual(expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }));
  });
});

describe('doors: the optional web ACL', () => {
  it('rate-limits per IP in CLOUDFRONT scope and exempts the WeChat-facing paths through the scope-down statement', () => {
    const stack = new Stack(new App({ context: cdkContext }), 'Edge', { env: { account: '123456789012', region: 'us-east-1' } });
    new EdgeRateLimit(stack, 'EdgeRateLimit', { rateLimit: 1500 });
    const acl = Template.fromStack(stack);

    acl.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: {
              AggregateKeyType: 'IP',
              Limit: 1500,
              EvaluationWindowSec: 300,
              ScopeDownStatement: {
                NotStatement: {
                  Statement: {
                    OrStatement: {
                      Statements: [
                        { ByteMatchStatement: Match.objectLike({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/wxplatform/callback/' }) },
                        { ByteMatchStatement: Match.objectLike({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'EXACTLY', SearchString: '/wxplatform/componentEvent' }) },
                      ],
                    },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(wechatFacingPaths.prefixes).toEqual(['/wxplatform/callback/']);
  });

  it('refuses to build a CLOUDFRONT web ACL outside us-east-1, and builds it in a us-east-1 stack of its own', () => {
    const elsewhere = new Stack(new App({ context: cdkContext }), 'Elsewhere', { env: { account: '123456789012', region: 'eu-west-1' } });
    const own = new EdgeWebAclStack(new App({ context: cdkContext }), 'OwnAcl', { env: { account: '123456789012', region: 'eu-west-1' }, rateLimit: 1000 });

    expect(() => new EdgeRateLimit(elsewhere, 'Acl', { rateLimit: 1000 })).toThrow(/us-east-1/);
    expect(own.region).toBe('us-east-1');
    Template.fromStack(own).resourceCountIs('AWS::WAFv2::WebACL', 1);
  });

  it('attaches the web ACL to the console distribution', () => {
    const stack = new Stack(new App({ context: cdkContext }), 'Site', { env: { account: '123456789012', region: 'us-east-1' } });
    const [first] = buildHttpApis(stack, { shards: apiShards(routeList), logRetention: logs.RetentionDays.ONE_DAY });
    const acl = new EdgeRateLimit(stack, 'EdgeRateLimit', { rateLimit: 1000 });
    new ConsoleSite(stack, 'Console', { api: first!.api, webAclId: acl.webAcl.attrArn, uploads: new s3.Bucket(stack, 'Uploads') });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('EdgeRateLimit'), 'Arn'] } }),
    });
  });
});

describe('doors: the execute-api endpoint', () => {
  it('can be turned off with a custom domain: every API refuses its execute-api host, CloudFront goes through the domain', () => {
    const stack = new Stack(new App({ context: cdkContext }), 'Doors', { env: { account: '123456789012', region: 'eu-west-1' } });
    const domain = new DomainName(stack, 'ApiDomain', {
      domainName: 'api.shop.example',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    });
    const apis = buildHttpApis(stack, { shards: apiShards(routeList), domain, logRetention: logs.RetentionDays.ONE_DAY, disableExecuteApiEndpoint: true });
    new ConsoleSite(stack, 'Console', { api: apis[0]!.api, apiDomain: 'api.shop.example' });
    const doors = Template.fromStack(stack);

    doors.resourcePropertiesCountIs('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true }, apis.length);
    const dist = Object.values(doors.toJSON().Resources as Record<string, Resource>).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
    const origins = dist.Properties['DistributionConfig'].Origins as any[];
    const apiBehavior = (dist.Properties['DistributionConfig'].CacheBehaviors as any[]).find((b) => b.PathPattern === '/wxplatform/*');
    expect(origins.find((o) => o.Id === apiBehavior.TargetOriginId).DomainName).toBe('api.shop.example');
  });

  it('keeps the execute-api endpoint by default, and refuses to turn it off without a custom domain', () => {
    const [[, api]] = ofType('AWS::ApiGatewayV2::Api') as [[string, Resource]];

    expect(api.Properties['DisableExecuteApiEndpoint']).toBeUndefined();
    expect(() => new SocialinzenStack(new App({ context: cdkContext }), 'NoDomain', { ...deployedStackProps, disableExecuteApiEndpoint: true })).toThrow(/custom domain/);
  });
});
