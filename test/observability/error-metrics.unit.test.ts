import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../src/core/http/error-mapper';
import { ServiceUnavailableError, ValidationError } from '../../src/core/errors';
import { WechatApiError } from '../../src/wechat/api-error';

/**
 * The EMF lines the error mapper writes for a 5xx answer (issue 29): our internal errors (50000),
 * WeChat's failures and busy answers counted apart, the tenant (appid) and the route as properties
 * of the line, never as dimensions (one metric series, not one per tenant).
 */
process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';

type Emf = { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }; [key: string]: unknown };

const emfOf = (work: () => void): Emf[] => {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    work();
  } finally {
    process.stdout.write = original;
  }
  return written.join('').split('\n').filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l) as Emf);
};

const event = (over: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 =>
  ({ routeKey: 'POST /apis/wxreplymanage/addReply', rawPath: '/apis/wxreplymanage/addReply', headers: {}, isBase64Encoded: false, requestContext: {} as never, version: '2.0', rawQueryString: '', ...over }) as APIGatewayProxyEventV2;

const names = (lines: Emf[]) => lines.flatMap((l) => l._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name)));

describe('5xx metrics from the error mapper', () => {
  it('counts an unhandled error as InternalError (errcode 50000), with the route and the body\'s appid as properties', () => {
    let status = 0;
    const lines = emfOf(() => {
      status = toErrorResponse(new TypeError('boom'), event({ body: JSON.stringify({ appid: 'wx1111222233334444' }) }), 'req-1').statusCode ?? 0;
    });

    expect(status).toBe(500);
    expect(names(lines)).toEqual(['InternalError']);
    expect(lines[0]).toMatchObject({ InternalError: 1, route: 'POST /apis/wxreplymanage/addReply', appid: 'wx1111222233334444', service: 'socialinzen' });
    expect(lines[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
    expect(lines[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('socialinzen');
  });

  it('counts WeChat\'s failure apart (WechatFailure), with the tenant from the query, WeChat\'s errcode and ours', () => {
    const lines = emfOf(() => {
      toErrorResponse(new WechatApiError(-1, 'system error', '/cgi-bin/user/get'), event({ queryStringParameters: { appid: 'wx5555666677778888' } }), 'req-2');
    });

    expect(names(lines)).toEqual(['WechatFailure']);
    expect(lines[0]).toMatchObject({ WechatFailure: 1, appid: 'wx5555666677778888', wxerrcode: '-1' });
    expect(lines[0]!['errcode']).toMatch(/^50[23]00$/);
    expect(lines[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
  });

  it('counts a busy answer (throttled AWS, 50300) as BusyAnswered, not as ours or WeChat\'s', () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    const lines = emfOf(() => {
      toErrorResponse(throttled, event(), 'req-3');
      toErrorResponse(new ServiceUnavailableError('busy'), event(), 'req-4');
    });

    // Once each: the throttled call is answered through ServiceUnavailableError, and counted there only.
    expect(names(lines)).toEqual(['BusyAnswered', 'BusyAnswered']);
  });

  it('writes no metric for a client error (4xx)', () => {
    expect(emfOf(() => toErrorResponse(new ValidationError('appid: required'), event(), 'req-5'))).toEqual([]);
  });
});
