import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleCsp } from '../../../console/security-headers';
import { deployedStack } from '../deployed-stack';

/** The console's hosting: private bucket, CloudFront with OAC, the API on the same origin, headers. */
let template: Template;
let json: { Resources: Record<string, { Type: string; Properties: Record<string, any> }>; Outputs: Record<string, any> };

beforeAll(() => {
  ({ template } = deployedStack());
  json = template.toJSON() as typeof json;
}, 240_000);

const distribution = () => Object.values(json.Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties['DistributionConfig'];

describe('console hosting', () => {
  it('keeps the files in a private bucket that CloudFront alone reads, through origin access control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    const s3Origin = distribution().Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity ?? '').toBe('');
    // The bucket policy lets the CloudFront service read, only for this distribution.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('serves the HTTP API on the same distribution under /apis/* and /wxplatform/*: no caching, every method, query and Authorization forwarded', () => {
    const all = distribution().CacheBehaviors as any[];
    const behaviors = all.filter((b) => b.PathPattern !== '/MP_verify_*.txt' && b.PathPattern !== '/staging/*');
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual(['/apis/*', '/wxplatform/*']);
    // WeChat's domain-check file at the root goes to the API too (GET/HEAD only: lib/mp-verify-behavior.ts).
    expect(all.find((b) => b.PathPattern === '/MP_verify_*.txt')?.TargetOriginId).toBe(behaviors[0].TargetOriginId);
    const apiOrigin = distribution().Origins.find((o: any) => o.CustomOriginConfig);
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    const { stack } = deployedStack();
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(`"${stack.getLogicalId(stack.api.node.defaultChild as never)}"`);
    for (const behavior of behaviors) {
      expect(behavior.TargetOriginId).toBe(apiOrigin.Id);
      expect(behavior.AllowedMethods.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      // Managed policies: CachingDisabled, and AllViewerExceptHostHeader (every header but Host,
      // Authorization included when caching is off; every query string and cookie).
      expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
      expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    }
  });

  it('takes presigned uploads on the same origin: /staging/* goes to the bucket\u2019s regional host, every method and query forwarded, CSP still self-only', () => {
    // Prepare
    const behavior = (distribution().CacheBehaviors as any[]).find((b) => b.PathPattern === '/staging/*');
    const origin = distribution().Origins.find((o: any) => o.Id === behavior?.TargetOriginId);
    const bucketId = Object.entries(json.Resources).find(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('Bucket') && !id.includes('AccessLogs'))![0];

    // Assess: S3 checks the URL's own signature (no OAC), for the host the SDK signs for
    expect(origin.OriginAccessControlId ?? '').toBe('');
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(origin.DomainName).toEqual({ 'Fn::Join': ['', [{ Ref: bucketId }, '.s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] });
    expect(behavior.AllowedMethods).toContain('PUT');
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    // Only the signature's query string and Content-Type go on (checks/doors.ts: no cookies, no Authorization)
    expect(behavior.OriginRequestPolicyId).toEqual({ Ref: expect.stringMatching(/StagingForward/) });
    // The functions that presign hand the URL out on the distribution
    const presigner = Object.values(json.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && /createUploadUrl/.test(JSON.stringify(r.Properties['Description'] ?? '')))!;
    expect(JSON.stringify(presigner.Properties['Environment'].Variables.UPLOAD_BASE_URL)).toContain('DomainName');
    // No foreign origin had to be let into the CSP
    expect(consoleCsp).toContain("connect-src 'self';");
    expect(consoleCsp).not.toMatch(/\*|amazonaws/);
  });

  it('answers the console with a response-headers policy: the CSP, HSTS, nosniff, no framing', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: consoleCsp, Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000, Override: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    expect(consoleCsp).toContain("script-src 'self'");
    expect(consoleCsp).not.toMatch(/unsafe-inline|https?:/);
    const defaultBehavior = distribution().DefaultCacheBehavior;
    expect(defaultBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(defaultBehavior.ResponseHeadersPolicyId).toEqual({ Ref: expect.stringMatching(/SecurityHeaders/) });
    expect(distribution().DefaultRootObject).toBe('index.html');
  });

  it('deploys the built console into the bucket and invalidates index.html', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: Match.anyValue(),
      DistributionPaths: ['/index.html'],
      Prune: true,
    });
  });

  it('outputs the console URL and makes it the functions\u2019 default CONSOLE_URL and PUBLIC_BASE_URL', () => {
    const output = json.Outputs['ConsoleUrl'];
    expect(JSON.stringify(output.Value)).toContain('DomainName');
    const fn = Object.values(json.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties['Environment']?.Variables?.CONSOLE_URL)!;
    const env = fn.Properties['Environment'].Variables;
    expect(JSON.stringify(env.CONSOLE_URL)).toContain('DomainName');
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain('DomainName');
  });
});
