import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { mpVerifyFunctionCode, rewriteMpVerifyPath } from '../../../src/accounts/mp-verify';
import { MpVerifyBehavior } from '../../../lib/mp-verify-behavior';

/** The CloudFront side of the MP_verify file: the behaviour and its rewrite function. */
const cloudFrontHandler = new Function(`${mpVerifyFunctionCode}; return handler;`)() as (event: { request: { uri: string } }) => {
  uri: string;
};

describe('MP_verify at the CloudFront root', () => {
  it.each([
    ['/MP_verify_AbC123xyz.txt', '/wxplatform/mpverify/MP_verify_AbC123xyz.txt'],
    ['/MP_verify_.txt', '/MP_verify_.txt'],
    ['/MP_verify_a/b.txt', '/MP_verify_a/b.txt'],
    ['/MP_verify_abc.txt.exe', '/MP_verify_abc.txt.exe'],
    ['/index.html', '/index.html'],
    ['/apis/user/me', '/apis/user/me'],
  ])('rewrites %s to %s, as the local gateway does', (uri, expected) => {
    expect(cloudFrontHandler({ request: { uri } }).uri).toBe(expected);
    expect(rewriteMpVerifyPath(uri) ?? uri).toBe(expected);
  });

  it('adds a /MP_verify_*.txt behaviour to the API origin with the rewrite on viewer request, uncached', () => {
    const stack = new Stack(new App(), 'Cdn');
    const distribution = new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(new s3.Bucket(stack, 'Console')) },
    });

    new MpVerifyBehavior(stack, 'MpVerify', { distribution, apiOrigin: new origins.HttpOrigin('abc123.execute-api.eu-west-1.amazonaws.com') });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      FunctionCode: mpVerifyFunctionCode,
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/MP_verify_*.txt',
            AllowedMethods: ['GET', 'HEAD'],
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
          }),
        ],
      }),
    });
  }, 120_000); // the first synth in a worker loads aws-cdk-lib
});
