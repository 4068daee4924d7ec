import { Aws, CfnOutput, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCsp } from '../console/security-headers';

export interface ConsoleSiteProps {
  /** The HTTP API served under /apis/* and /wxplatform/* on the same origin. */
  api: HttpApi;
  /**
   * APIs of their own path prefix (lib/http-apis.ts): `<prefix>/*` goes to that API, the prefix
   * removed on the way as the custom domain's API mapping removes it.
   */
  prefixedApis?: { prefix: string; api: HttpApi }[];
  /** The built console (console/dist); omitted = no deployment (e.g. a stack test without a build). */
  consoleDist?: string;
  /**
   * The bucket presigned uploads go to: `/staging/*` on the distribution forwards to it, so the
   * console's browser PUTs a big video to its own origin (CSP `connect-src 'self'`, no CORS).
   */
  uploads?: s3.IBucket;
  /**
   * The API's custom domain, when its execute-api host is turned off: every API behaviour goes
   * there with the full path (the domain's API mappings route the prefixes).
   */
  apiDomain?: string;
  /** A CLOUDFRONT web ACL's ARN (lib/web-acl.ts). */
  webAclId?: string;
}

/**
 * What a staged object is answered with: the user's bytes on the console's origin must never be
 * rendered there (an HTML page would run with the console's storage and cookies). The local
 * gateway's /staging/* adds the same (local/upload-proxy.ts).
 */
export const stagingCsp = "sandbox; default-src 'none'";

/**
 * /staging/* takes one thing: the presigned PUT of an upload. A CloudFront Function (viewer
 * request) refuses any other method, and a request without SigV4 query authentication, before
 * the bucket sees it; S3 then checks the signature, its expiry, the signed length and type.
 */
export const stagingGateFunctionCode = `function handler(event) {
  var request = event.request;
  var q = request.querystring;
  if (request.method !== 'PUT' || !q['X-Amz-Signature'] || !q['X-Amz-Algorithm'] || !q['X-Amz-Credential']) {
    return { statusCode: 403, statusDescription: 'Forbidden', headers: { 'content-type': { value: 'text/plain' } } };
  }
  return request;
}`;

/**
 * The web console: its static files in a private S3 bucket read by CloudFront through origin
 * access control, and the HTTP API on the same distribution under /apis/* and /wxplatform/* (no
 * caching, every method, query strings and the Authorization header forwarded), and presigned
 * uploads to the bucket under /staging/*, so the browser talks to one origin: no CORS, and a CSP of
 * 'self' only.
 */
export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The HTTP API as CloudFront's origin (shared by every behaviour that goes to the API). */
  readonly apiOrigin: cloudfront.IOrigin;
  /** https://<distribution domain>/ */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      // A deployment that dies mid-upload leaves parts S3 bills for until aborted.
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'socialinzen console: CSP without inline script or foreign origins, HSTS, nosniff, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true },
        ],
      },
    });

    // "https://abc.execute-api.region.amazonaws.com" → its host name.
    const originOf = (api: HttpApi) =>
      new origins.HttpOrigin(Fn.select(2, Fn.split('/', api.apiEndpoint)), { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY });
    const domainOrigin = props.apiDomain ? new origins.HttpOrigin(props.apiDomain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }) : undefined;
    this.apiOrigin = domainOrigin ?? originOf(props.api);
    const behaviorTo = (origin: cloudfront.IOrigin, extra: Partial<cloudfront.BehaviorOptions> = {}): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // With caching disabled, this policy forwards every viewer header but Host (Authorization
      // included), every query string and cookie: API Gateway sees the request as sent.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      ...extra,
    });
    const apiBehavior = behaviorTo(this.apiOrigin);
    const prefixed = props.prefixedApis ?? [];
    const stripPrefix = prefixed.length && !domainOrigin
      ? new cloudfront.Function(this, 'StripApiPrefix', {
          code: cloudfront.FunctionCode.fromInline(stripPrefixFunctionCode(prefixed.map((p) => p.prefix))),
          runtime: cloudfront.FunctionRuntime.JS_2_0,
          comment: 'socialinzen: /apis/<area>/x → /x for an API of its own, as its custom-domain API mapping does',
        })
      : undefined;
    // Before /apis/*: CloudFront takes the first behaviour whose pattern matches.
    const prefixedBehaviors = Object.fromEntries(
      prefixed.map(({ prefix, api }) => [
        `${prefix}/*`,
        domainOrigin
          ? behaviorTo(domainOrigin)
          : behaviorTo(originOf(api), { functionAssociations: [{ function: stripPrefix!, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }] }),
      ]),
    );

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'socialinzen console and API',
      ...(props.webAclId ? { webAclId: props.webAclId } : {}),
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        ...prefixedBehaviors,
        '/apis/*': apiBehavior,
        '/wxplatform/*': apiBehavior,
        ...(props.uploads ? { '/staging/*': this.uploadBehavior(props.uploads) } : {}),
      },
    });

    this.url = `https://${this.distribution.distributionDomainName}/`;

    if (props.consoleDist) {
      new s3deploy.BucketDeployment(this, 'Deploy', {
        sources: [s3deploy.Source.asset(props.consoleDist)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/index.html'],
        // index.html must never be cached stale; hashed assets may be cached for a year.
        cacheControl: [s3deploy.CacheControl.fromString('public, max-age=300')],
        prune: true,
      });
    }

    new CfnOutput(scope, 'ConsoleUrl', { value: this.url, description: 'The web console (and the API on the same origin)' });
  }

  /**
   * Presigned uploads through the distribution: the bucket's REST endpoint as a plain HTTPS origin
   * (no origin access control: CloudFront grants nothing, S3 checks the URL's own signature), every
   * method, no caching, every query string (the signature) and viewer header but Host forwarded.
   * CloudFront sends the origin's host name as Host, which must be the host the URL was signed for:
   * the SDK signs `<bucket>.s3.<region>.amazonaws.com` (virtual-hosted, regional), built here the same
   * way rather than from the bucket's RegionalDomainName attribute.
   */
  private uploadBehavior(bucket: s3.IBucket): cloudfront.BehaviorOptions {
    // CloudFront has no PUT-only method set (PUT comes with ALLOW_ALL): the gate function narrows it.
    const gate = new cloudfront.Function(this, 'StagingGate', {
      code: cloudfront.FunctionCode.fromInline(stagingGateFunctionCode),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'socialinzen: /staging/* takes a presigned PUT only',
    });
    // The signature (query string) and the type it covers; never the console's cookies or its
    // Authorization header (S3 would try to authenticate with it). Content-Length always goes.
    const forward = new cloudfront.OriginRequestPolicy(this, 'StagingForward', {
      comment: 'socialinzen /staging/*: the presigned query string and Content-Type only',
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('Content-Type'),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'StagingHeaders', {
      comment: 'socialinzen /staging/*: a download, never a page on the console origin',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: stagingCsp, override: true },
        contentTypeOptions: { override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Content-Disposition', value: 'attachment', override: true }] },
    });
    return {
      origin: new origins.HttpOrigin(`${bucket.bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: forward,
      responseHeadersPolicy: headers,
      functionAssociations: [{ function: gate, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };
  }
}

/**
 * A CloudFront Function (cloudfront-js-2.0, viewer request) that removes the API prefix a request's
 * path starts with: generated from the prefixes, since it cannot import.
 */
export const stripPrefixFunctionCode = (prefixes: string[]): string => `function handler(event) {
  var request = event.request;
  var prefixes = ${JSON.stringify(prefixes)};
  for (var i = 0; i < prefixes.length; i++) {
    if (request.uri.indexOf(prefixes[i] + '/') === 0) {
      request.uri = request.uri.slice(prefixes[i].length);
      break;
    }
  }
  return request;
}`;
