import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { mpVerifyFunctionCode, mpVerifyPathPattern } from '../src/accounts/mp-verify';

/**
 * Serves WeChat's domain-check files (`/MP_verify_<code>.txt`) at the root of the platform's
 * CloudFront domain, whose default behaviour is the console in S3: a `/MP_verify_*.txt` behaviour
 * to the API origin, with a CloudFront Function that rewrites the path to the API route
 * (`/wxplatform/mpverify/<file>`, src/accounts/mp-verify.ts). Not cached, so a changed file is seen at once.
 *
 * Wire it where the distribution is built: `new MpVerifyBehavior(this, 'MpVerify', { distribution, apiOrigin })`
 * with the same origin the `/apis/*` and `/wxplatform/*` behaviours use.
 */
export interface MpVerifyBehaviorProps {
  distribution: cloudfront.Distribution;
  /** The HTTP API's origin (e.g. `new origins.HttpOrigin(apiDomain)`). */
  apiOrigin: cloudfront.IOrigin;
}

export class MpVerifyBehavior extends Construct {
  readonly rewrite: cloudfront.Function;

  constructor(scope: Construct, id: string, props: MpVerifyBehaviorProps) {
    super(scope, id);
    this.rewrite = new cloudfront.Function(this, 'Rewrite', {
      code: cloudfront.FunctionCode.fromInline(mpVerifyFunctionCode),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: "WeChat's MP_verify_<code>.txt at the root → the API's /wxplatform/mpverify/<file>",
    });
    props.distribution.addBehavior(mpVerifyPathPattern, props.apiOrigin, {
      // WeChat's checker may come over plain HTTP; the file is public by design.
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // API Gateway routes by its own Host header.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      functionAssociations: [{ function: this.rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    });
  }
}
