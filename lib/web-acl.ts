import { Stack, Token, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * The optional web ACL of the console's CloudFront distribution (deploy option `waf=true`): one
 * per-IP rate rule (WAF counts an address's requests over a 5-minute window and blocks it while
 * over the limit). WeChat delivers every tenant's pushes from a few addresses of its own, so the
 * paths WeChat calls are left out of the count by the rule's scope-down statement; they have their
 * own API Gateway throttles instead (the route table's `throttle`). The owner's return from
 * WeChat's authorization page (/wxplatform/authCallback) is a browser like any other and stays
 * counted.
 *
 * A CLOUDFRONT-scope web ACL exists only in us-east-1: built inside the product's stack when that
 * stack is in us-east-1, else in a stack of its own there ({@link EdgeWebAclStack}), whose ARN the
 * product's stack reads through CDK's cross-region references.
 */
export const wechatFacingPaths = { prefixes: ['/wxplatform/callback/'], exact: ['/wxplatform/componentEvent'] } as const;

const byPath = (searchString: string, positionalConstraint: 'STARTS_WITH' | 'EXACTLY'): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint,
    searchString,
    // Paths are matched as sent, lower-cased: /WXPLATFORM/Callback/… reaches no route anyway.
    textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
  },
});

export interface EdgeRateLimitProps {
  /** Requests one IP may make in 5 minutes (WAF's minimum is 10). */
  rateLimit: number;
}

export class EdgeRateLimit extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeRateLimitProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new Error(`a CloudFront web ACL is created in us-east-1 only (this stack is in ${region}): use EdgeWebAclStack`);
    }
    if (!Number.isInteger(props.rateLimit) || props.rateLimit < 10 || props.rateLimit > 2_000_000_000) {
      throw new Error(`wafRateLimit=${props.rateLimit}: an integer from 10 (WAF's minimum) up`);
    }
    const wechatPaths: wafv2.CfnWebACL.StatementProperty[] = [
      ...wechatFacingPaths.prefixes.map((p) => byPath(p, 'STARTS_WITH')),
      ...wechatFacingPaths.exact.map((p) => byPath(p, 'EXACTLY')),
    ];
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      // CloudFormation's pattern for it: letters, digits, spaces and =:#@/-,. only.
      description: 'socialinzen per-IP rate limit, WeChat push paths exempt',
      visibilityConfig: visibility('socialinzen-edge'),
      rules: [
        {
          name: 'per-ip-rate',
          priority: 0,
          action: { block: {} },
          visibilityConfig: visibility('socialinzen-per-ip-rate'),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.rateLimit,
              evaluationWindowSec: 300,
              scopeDownStatement: {
                notStatement: { statement: wechatPaths.length === 1 ? wechatPaths[0]! : { orStatement: { statements: wechatPaths } } },
              },
            },
          },
        },
      ],
    });
  }
}

/** The web ACL in a stack of its own in us-east-1, for a product stack in another region. */
export class EdgeWebAclStack extends Stack {
  readonly rateLimit: EdgeRateLimit;

  constructor(scope: Construct, id: string, props: StackProps & EdgeRateLimitProps) {
    const { rateLimit, ...stackProps } = props;
    super(scope, id, { ...stackProps, env: { ...stackProps.env, region: 'us-east-1' }, crossRegionReferences: true });
    this.rateLimit = new EdgeRateLimit(this, 'EdgeRateLimit', { rateLimit });
  }
}
